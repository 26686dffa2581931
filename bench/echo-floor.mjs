// The floor of the side-by-side client: a Node WebSocket server that does no work at all and answers every request
// with a reply captured from a real Cairn, so `node bench/session-ops-loop.mjs` against it measures only the client,
// Node's JSON and the loopback. What Cairn adds to a round trip is its own figure minus this one.
// Usage:
//   curl -s -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
//     -d '{"method":"sessions.list","params":{"limit":100}}' http://127.0.0.1:<port>/api > /tmp/list100.json
//   node bench/echo-floor.mjs /tmp/list100.json &        # prints its port
//   node bench/session-ops-loop.mjs ws://127.0.0.1:<floor-port>/ floor list 3000   # then get 3000
// `list` answers with the captured page; every other method with {entry: <the page's first session>}.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
const require = createRequire(fileURLToPath(new URL("../ui/package.json", import.meta.url)));
const { WebSocketServer } = require("ws");
const [file] = process.argv.slice(2);
if (!file) {
  console.error("usage: node bench/echo-floor.mjs <captured sessions.list reply (JSON from POST /api)>");
  process.exit(2);
}
const page = JSON.parse(readFileSync(file, "utf8")).result;
const entry = { entry: page.sessions[0] };
const server = new WebSocketServer({ host: "127.0.0.1", port: 0 }, () => console.log(server.address().port));
server.on("connection", (ws) =>
  ws.on("message", (raw) => {
    const frame = JSON.parse(String(raw));
    const payload = frame.method === "sessions.list" ? page : entry;
    ws.send(JSON.stringify({ type: "res", id: frame.id, ok: true, payload }));
  }));
