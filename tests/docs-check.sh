#!/usr/bin/env bash
# Docs check: runs every example in docs/api/sessions.md against a fresh gateway and fails if one does not
# answer as documented.
#
# - Starts `cairn gateway run --port 0` on a new temp data dir from the Release build that ./test.sh made
#   (src/Cairn/bin/Release/net10.0/cairn.dll; this script builds nothing), reads the address from the
#   "Listening:" line and the token from gateway.token, and exports them as URL and TOKEN.
# - Runs, in document order, every ```bash block that contains `curl` (with bash) and every ```js block that
#   contains `new WebSocket` (with node), and compares what each prints with the ```json block after it.
# - The comparison is a subset match (the rules are at the top of docs/api/sessions.md): every documented field
#   must be present with the same value; "…" matches any value; an array ending in "…" may have more elements.
# - Kills the gateway and removes the data dir on exit, whatever happened.
# - A page may set gateway settings for its run with lines `<!-- docs-check env: NAME=value -->` (docs/api/openai.md
#   turns the OpenAI-compatible endpoint on that way).
# Usage: tests/docs-check.sh [markdown file]   (default docs/api/sessions.md)
set -euo pipefail
cd "$(dirname "$0")/.."
doc=${1:-docs/api/sessions.md}
dll=src/Cairn/bin/Release/net10.0/cairn.dll

for tool in curl node dotnet; do
  command -v "$tool" >/dev/null || { echo "docs-check: '$tool' is needed" >&2; exit 2; }
done
[[ -f "$dll" ]] || { echo "docs-check: $dll is missing; build first: dotnet build Cairn.slnx -c Release" >&2; exit 2; }
[[ -f "$doc" ]] || { echo "docs-check: $doc is missing" >&2; exit 2; }

# A developer's CAIRN_* settings (a port, the feature flag) must not change what a fresh gateway answers.
while read -r name; do unset "$name"; done < <(compgen -e | grep '^CAIRN_' || true)
while read -r setting; do export "${setting?}"; done < <(sed -n 's/^<!-- docs-check env: \(CAIRN_[A-Z_]*=[^ ]*\) -->$/\1/p' "$doc")

data=$(mktemp -d)
log="$data.log"
pid=""
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$data" "$log"
}
trap cleanup EXIT

dotnet "$dll" gateway run --port 0 --data-dir "$data" >"$log" 2>&1 &
pid=$!
URL=""
for _ in $(seq 1 300); do
  URL=$(grep -m1 -o 'Listening: *[^ ]*' "$log" 2>/dev/null | awk '{print $2}' || true)
  [[ -n "$URL" ]] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.2
done
if [[ -z "$URL" ]]; then
  echo "docs-check: the gateway did not start; its output:" >&2
  cat "$log" >&2
  exit 1
fi
TOKEN=$(cat "$data/gateway.token")
export URL TOKEN
echo "docs-check: gateway at $URL (data dir $data)"

node - "$doc" <<'NODE'
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawnSync } = require("child_process");

const doc = process.argv[2];
const lines = fs.readFileSync(doc, "utf8").split("\n");

// Fenced blocks with their info string and the line they start on.
const blocks = [];
for (let i = 0; i < lines.length; i++) {
  const open = /^```(\S*)\s*$/.exec(lines[i]);
  if (!open) continue;
  const start = i;
  const body = [];
  for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
  blocks.push({ lang: open[1], line: start + 1, text: body.join("\n") });
}

const runnable = (b) => (b.lang === "bash" && /\bcurl\b/.test(b.text)) || (b.lang === "js" && /new WebSocket/.test(b.text));
const nodeNeedsFlag = spawnSync("node", ["-e", "process.exit(typeof WebSocket === 'function' ? 0 : 1)"]).status !== 0;

function run(block) {
  if (block.lang === "bash") {
    return spawnSync("bash", ["-euo", "pipefail", "-c", block.text], { encoding: "utf8", timeout: 60000 });
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "docs-check-")), "example.mjs");
  fs.writeFileSync(file, block.text);
  const args = nodeNeedsFlag ? ["--experimental-websocket", file] : [file];
  return spawnSync("node", args, { encoding: "utf8", timeout: 60000 });
}

// Subset match: returns null when `actual` has everything `expected` documents, else where and why not.
function mismatch(expected, actual, where) {
  if (expected === "…") return null;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${where}: expected an array, got ${JSON.stringify(actual)}`;
    const open = expected.length > 0 && expected[expected.length - 1] === "…";
    const shown = open ? expected.slice(0, -1) : expected;
    if (open ? actual.length < shown.length : actual.length !== shown.length) {
      return `${where}: expected ${open ? "at least " : ""}${shown.length} elements, got ${actual.length}`;
    }
    for (let i = 0; i < shown.length; i++) {
      const m = mismatch(shown[i], actual[i], `${where}[${i}]`);
      if (m) return m;
    }
    return null;
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
      return `${where}: expected an object, got ${JSON.stringify(actual)}`;
    }
    for (const key of Object.keys(expected)) {
      if (!(key in actual)) return `${where}.${key}: missing`;
      const m = mismatch(expected[key], actual[key], `${where}.${key}`);
      if (m) return m;
    }
    return null;
  }
  return expected === actual ? null : `${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

let checked = 0;
const failures = [];
blocks.forEach((block, index) => {
  if (!runnable(block)) return;
  checked++;
  const label = `${doc}:${block.line}`;
  const reply = blocks[index + 1];
  if (!reply || reply.lang !== "json") {
    failures.push(`${label}: the example has no documented reply (a \`\`\`json block right after it)`);
    return;
  }
  let expected;
  try {
    expected = JSON.parse(reply.text);
  } catch (e) {
    failures.push(`${doc}:${reply.line}: the documented reply is not valid JSON: ${e.message}`);
    return;
  }
  const result = run(block);
  const out = (result.stdout || "").trim();
  let actual;
  try {
    actual = JSON.parse(out);
  } catch {
    failures.push(`${label}: the example did not print one JSON document (exit ${result.status}).\n  stdout: ${out.slice(0, 500)}\n  stderr: ${(result.stderr || "").trim().slice(0, 500)}`);
    return;
  }
  const problem = mismatch(expected, actual, "$");
  if (problem) {
    failures.push(`${label}: the reply differs from the documented one at ${problem}\n  reply: ${out.slice(0, 800)}`);
  } else {
    console.log(`  ok  ${label}`);
  }
});

if (checked === 0) failures.push(`${doc}: no runnable examples found`);
for (const f of failures) console.error(`FAIL ${f}`);
console.log(`docs-check: ${checked - failures.length} of ${checked} examples answered as documented`);
process.exit(failures.length === 0 ? 0 : 1);
NODE
