#!/usr/bin/env bash
# Builds Cairn's release artefacts into artifacts/ (gitignored):
#   artifacts/cairn-linux-x64/cairn   one self-contained single-file executable for linux-x64 (no .NET needed,
#                                     the web UI embedded, nothing beside it)
#   artifacts/cairn.<version>.nupkg   the dotnet tool: dotnet tool install --global cairn --add-source ./artifacts
# Usage: ./release.sh            (both)
#        ./release.sh binary     (only the single-file executable)
#        ./release.sh tool       (only the dotnet tool package)
# Needs the .NET SDK and Node.js/npm (for the UI); the self-contained build restores the linux-x64 runtime packs and the
# ReadyToRun compiler (crossgen2) from NuGet the first time. Build outputs go to artifacts/build, apart from the normal
# bin/ and obj/.
set -euo pipefail
cd "$(dirname "$0")"
what=${1:-all}
out=artifacts
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$out"

if [[ $what == all || $what == binary ]]; then
  echo "==> cairn for linux-x64: self-contained, single file, ReadyToRun, UI embedded"
  rm -rf "$out/cairn-linux-x64"
  # Not compressed: a compressed bundle unpacks every assembly into memory at each start (+47 MiB RSS, +0.3 s CPU);
  # ReadyToRun: Cairn's and its packages' code is compiled ahead, not by the JIT at start (-0.2 s CPU). Issue 20,
  # docs/performance.md "Issue 20, round eight". Per-assembly, not composite (a composite recompiles the framework).
  dotnet publish src/Cairn -c Release -r linux-x64 --self-contained \
    -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:EnableCompressionInSingleFile=false \
    -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=false \
    -p:DebugType=none -p:PublishDocumentationFile=false -p:PublishReferencesDocumentationFiles=false \
    --artifacts-path "$out/build" -o "$out/cairn-linux-x64" -nologo -v quiet -clp:ErrorsOnly
  ls -l "$out/cairn-linux-x64"
fi

if [[ $what == all || $what == tool ]]; then
  echo "==> the dotnet tool package"
  rm -f "$out"/cairn.*.nupkg
  dotnet pack src/Cairn -c Release --artifacts-path "$out/build" -o "$out" -nologo -v quiet -clp:ErrorsOnly
  ls -l "$out"/cairn.*.nupkg
fi
