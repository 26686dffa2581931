#!/usr/bin/env bash
# A persistent session against a real model: llama.cpp's llama-server serving a small GGUF model, Cairn's
# gateway (the Release build) pointed at it, N turns sent with chat.send (wait), then the outcome counted:
# replies by status, transcript rows by role, the server's overflow refusals, /compact, /session info, /healthz.
# Manual, not part of ./test.sh (llama.cpp is not built by this project). See docs/chat.md#tried-against-a-real-model.
#
# Usage: bench/llama/lasting.sh [turns]         (default 40)
# Env:   LLAMA_SERVER   path of llama-server            (default: llama-server on PATH)
#        MODEL          the .gguf file                  (default: ../shared/models/aidreams260K.gguf beside the repo)
#        CTX            llama-server's -c               (default 128)
#        WINDOW         model.contextWindow for Cairn   (default: unset, Cairn asks the server)
#        MAXOUT         model.maxOutputTokens           (default 32)
set -euo pipefail
cd "$(dirname "$0")/../.."
turns=${1:-40}
server=${LLAMA_SERVER:-llama-server}
model=${MODEL:-../shared/models/aidreams260K.gguf}
dll=src/Cairn/bin/Release/net10.0/cairn.dll
command -v "$server" >/dev/null || [[ -x "$server" ]] || { echo "lasting.sh: llama-server not found (set LLAMA_SERVER)" >&2; exit 2; }
[[ -f "$model" ]] || { echo "lasting.sh: $model not found (set MODEL)" >&2; exit 2; }
[[ -f "$dll" ]] || { echo "lasting.sh: $dll is missing; build first: dotnet build src/Cairn -c Release" >&2; exit 2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
lport=$(free_port); gport=$(free_port)
data=$(mktemp -d)
lpid=""; gpid=""
cleanup() { kill $lpid $gpid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

"$server" -m "$model" --host 127.0.0.1 --port "$lport" -c "${CTX:-128}" -np 1 --alias local-model >"$data/llama.log" 2>&1 &
lpid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$lport/health" >/dev/null && break; sleep 0.2; done

env CAIRN_MODEL__PROVIDER=openai CAIRN_MODEL__BASEURL="http://127.0.0.1:$lport/v1" CAIRN_MODEL__NAME=local-model \
  CAIRN_MODEL__MAXOUTPUTTOKENS="${MAXOUT:-32}" ${WINDOW:+CAIRN_MODEL__CONTEXTWINDOW=$WINDOW} \
  dotnet "$dll" gateway run --port "$gport" --data-dir "$data/cairn" >"$data/gateway.log" 2>&1 &
gpid=$!
for _ in $(seq 150); do [[ -f "$data/cairn/gateway.token" ]] && curl -sf "http://127.0.0.1:$gport/healthz" >/dev/null && break; sleep 0.2; done
token=$(cat "$data/cairn/gateway.token")
call() { curl -s "http://127.0.0.1:$gport/api" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$1"; }
json() { node -e "let d='';process.stdin.on('data',c=>d+=c).on('end',()=>{const j=JSON.parse(d);$1})"; }

call '{"method":"sessions.create","params":{"label":"Lasting","persistent":true}}' >/dev/null
started=$SECONDS
for i in $(seq "$turns"); do
  call "{\"method\":\"chat.send\",\"params\":{\"sessionKey\":\"lasting\",\"message\":\"Tell me a story about a cat named Tom, number $i, and his friend\",\"wait\":true}}" \
    | json 'console.log(j.ok ? j.result.status + (j.result.reason ? " (" + j.result.reason + ")" : "") : "refused " + j.error.code)'
done | sort | uniq -c | sed 's/^/replies: /'
echo "turns: $turns in $((SECONDS - started)) s"
call '{"method":"chat.history","params":{"sessionKey":"lasting","limit":500}}' \
  | json 'const by={};for(const m of j.result.messages)by[m.role]=(by[m.role]||0)+1;console.log("transcript rows:",JSON.stringify(by))'
echo "server refusals (context overflow): $(grep -c 'exceeds the available context' "$data/llama.log" || true)"
echo "/compact: $(call '{"method":"chat.send","params":{"sessionKey":"lasting","message":"/compact the cat names","wait":true}}' | json 'console.log(j.result.command.reply)')"
call '{"method":"chat.send","params":{"sessionKey":"lasting","message":"/session info","wait":true}}' | json 'console.log(j.result.command.reply.split("\n").filter(l=>/^(Messages|Context):/.test(l)).join("\n"))'
echo "/healthz: $(curl -s "http://127.0.0.1:$gport/healthz" -H "Authorization: Bearer $token")"
