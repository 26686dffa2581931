// The request/response client of the Node bench scripts (session-ops-loop.mjs, list-search-loop.mjs): one WebSocket,
// `call(method, params)` resolving with the reply's payload. Uses the `ws` package of the UI's node_modules (npm ci in ui/).
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
const require = createRequire(fileURLToPath(new URL("../ui/package.json", import.meta.url)));
const WebSocket = require("ws");

/** Opens `url`, sends `connect` with `token` (unless `token` is null), and returns `{ call, close }`. */
export async function connectClient(url, token, name) {
  const ws = new WebSocket(url);
  const pending = new Map();
  let id = 0;
  const call = (method, params) => new Promise((resolve, reject) => {
    const key = `c${++id}`;
    pending.set(key, { resolve, reject });
    ws.send(JSON.stringify({ type: "req", id: key, method, params }));
  });
  ws.on("message", (raw) => {
    const frame = JSON.parse(String(raw));
    if (frame.type !== "res" || !pending.has(frame.id)) return;
    const p = pending.get(frame.id);
    pending.delete(frame.id);
    frame.ok ? p.resolve(frame.payload) : p.reject(new Error(JSON.stringify(frame.error)));
  });
  await new Promise((resolve, reject) => { ws.on("open", resolve); ws.on("error", reject); });
  await call("connect", { token, client: { name, version: "1" } });
  return { call, close: () => ws.close() };
}
