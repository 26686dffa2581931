// One Node WebSocket client timing one session operation against a running gateway, as the OpenClaw side-by-side
// client does, to see Cairn's share of a round trip. Uses the `ws` package of the UI's node_modules (npm ci in ui/).
// Usage: node bench/session-ops-loop.mjs ws://127.0.0.1:5004/ws "$(cat ~/.cairn/gateway.token)" patch|list|get|create [calls]
// (create makes new sessions "loop <run> <i>", which stay: each create run grows the store by [calls] sessions).
// Start the gateway with CAIRN_GATEWAY__LIMITS__MESSAGESPERSECOND=1000000 CAIRN_GATEWAY__LIMITS__MESSAGEBURST=1000000
// so the per-connection message rate does not throttle the loop. It creates 300 sessions "seed 0".."seed 299" first.
import { connectClient } from "./ws-client.mjs";
const [url, token, op = "get", calls = "2000"] = process.argv.slice(2);
if (!url || !token || !["patch", "list", "get", "create"].includes(op)) {
  console.error("usage: node bench/session-ops-loop.mjs <ws-url> <token> patch|list|get|create [calls]");
  process.exit(2);
}
const n = Number(calls);
const { call, close } = await connectClient(url, token, "session-ops-loop");
for (let i = 0; i < 300; i++) {
  await call("sessions.create", { label: `seed ${i}`, persistent: false }).catch(() => {}); // exists from an earlier run
}
const run = Date.now().toString(36);
const times = [];
for (let i = 0; i < n; i++) {
  const started = performance.now();
  if (op === "patch") await call("sessions.patch", { key: `seed-${i % 300}`, label: `seed ${i % 300} r${i}` });
  else if (op === "create") await call("sessions.create", { label: `loop ${run} ${i}`, persistent: false });
  else if (op === "list") await call("sessions.list", { limit: 100 });
  else await call("sessions.get", { key: `seed-${i % 300}` });
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(n - 1, Math.floor(n * q))].toFixed(3);
console.log(`${op}: ${n} calls, p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms`);
close();
