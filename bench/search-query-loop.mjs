// One Node WebSocket client timing search.query against a running gateway on a data dir seeded by
// `cairn-bench search` (a word in 1% of the messages, "harbor"; the tag "team" on 10% of the sessions).
// Uses the `ws` package of the UI's node_modules (npm ci in ui/).
// Usage: node bench/search-query-loop.mjs ws://127.0.0.1:5004/ws "$(cat <data dir>/gateway.token)" [calls] [query…]
import { connectClient } from "./ws-client.mjs";
const [url, token, calls = "300", ...queries] = process.argv.slice(2);
const n = Number(calls);
const { call, close } = await connectClient(url, token, "search-query-loop");
for (const query of queries.length > 0 ? queries : ["harbor", "harbor tag:team"]) {
  for (let i = 0; i < 30; i++) await call("search.query", { query });
  const t = [];
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    const r = await call("search.query", { query });
    t.push(performance.now() - s);
    hits = r.hits.length;
  }
  t.sort((a, b) => a - b);
  const q = (p) => t[Math.min(t.length - 1, Math.floor(t.length * p))].toFixed(3);
  console.log(`${JSON.stringify(query).padEnd(24)} p50 ${q(0.5)} p90 ${q(0.9)} p99 ${q(0.99)} ms (${hits} hits)`);
}
close();
