#!/usr/bin/env bash
# Memory of a gateway under clients that ask for large replies and never read them (issue 19, finding 1):
# starts a real gateway with its default limits, fills a session so its chat.history is ~1 MB, then 4 clients
# pull it 45 times a second each for 30 s without reading (reconnecting whenever the gateway drops them), and
# prints the gateway's RSS before, at its peak and after. Target: peak - before under 100 MiB.
# Usage: bench/security/slow-readers.sh [--clients 4] [--seconds 30] [--rate 45] [--out result.json]
# Heavy (30 s of load): not part of ./test.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build bench/Cairn.Bench -c Release -nologo -v quiet -clp:ErrorsOnly
exec dotnet run -c Release --no-build --project bench/Cairn.Bench -- slow-readers "$@"
