// One Node WebSocket client timing sessions.list with a search against a running gateway on a seeded data dir (the
// labels "Adjective Noun i" of bench/Cairn.Bench/SeedData.cs): a word in 1% of the labels ("harbor") and one session's
// name. Uses the `ws` package of the UI's node_modules (npm ci in ui/).
// Usage: node bench/list-search-loop.mjs ws://127.0.0.1:5004/ws "$(cat <data dir>/gateway.token)" [calls]
import { connectClient } from "./ws-client.mjs";
const [url, token, calls = "1000"] = process.argv.slice(2);
const n = Number(calls);
const { call, close } = await connectClient(url, token, "list-search-loop");
const adj = ["Amber","Brisk","Calm","Dusty","Eager","Faint","Gentle","Hollow","Icy","Jolly","Keen","Lively","Mellow","Nimble","Olive","Plain","Quiet","Rapid","Silver","Tidy","Urban","Vivid","Warm","Young","Zesty","Bold","Crisp","Deep","Early","Fresh","Grand","Hardy","Inner","Jade","Kind","Lunar","Misty","Noble","Opal","Proud","Rustic","Sunny","Tall","Upper","Velvet","Wild","Azure","Bright","Coral","Dawn"];
const nouns = ["Harbor","Meadow","Canyon","Forest","Garden","Island","Lagoon","Mountain","Orchard","Prairie","Quarry","River","Summit","Tundra","Valley","Willow","Beacon","Bridge","Castle","Cellar","Chapel","Cottage","Dock","Estate","Factory","Gallery","Hangar","Kitchen","Library","Market","Office","Pantry","Plaza","Studio","Tower","Tunnel","Village","Wharf","Workshop","Yard","Budget","Contract","Draft","Essay","Invoice","Journal","Ledger","Memo","Notebook","Outline","Plan","Proposal","Recipe","Report","Roadmap","Schedule","Sketch","Story","Summary","Thesis","Atlas","Ballad","Compass","Diary","Engine","Fable","Glacier","Horizon","Iris","Jigsaw","Kayak","Lantern","Mosaic","Nebula","Oasis","Pebble","Quill","Rocket","Saddle","Thicket","Umbrella","Voyage","Whistle","Zephyr","Anchor","Blossom","Cascade","Delta","Ember","Falcon","Grove","Heron","Inlet","Juniper","Kestrel","Lotus","Marble","Nectar","Osprey","Pioneer"];
const label = (i) => `${adj[i % 50]} ${nouns[Math.floor(i / 50) % 100]} ${i}`;
async function measure(name, params) {
  for (let i = 0; i < 50; i++) await call("sessions.list", params(i));
  const t = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    const r = await call("sessions.list", params(i));
    t.push(performance.now() - s);
    total = r.total;
  }
  t.sort((a, b) => a - b);
  const q = (p) => t[Math.min(t.length - 1, Math.floor(t.length * p))].toFixed(3);
  console.log(`${name.padEnd(28)} p50 ${q(0.5)} p90 ${q(0.9)} p99 ${q(0.99)} ms (total ${total})`);
}
await measure("sessions.list search word", () => ({ search: "harbor" }));
await measure("sessions.list search name", () => ({ search: label(Math.floor(Math.random() * 100000)) }));
close();
