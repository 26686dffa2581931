#!/usr/bin/env bash
# Runs every test suite of Cairn: UI checks and unit tests, .NET unit + integration tests (with the official
# openai npm package against /v1 and systemd-analyze on deploy/cairn.service) on SQLite and again on a private
# PostgreSQL cluster (tests/postgres.sh, stopped on exit), browser end-to-end tests, the
# release artefacts installed and used, the benchmark smoke run and the docs check. Installs what a fresh
# machine lacks.
# Usage: ./test.sh            (everything)
#        ./test.sh --fast     (skip browser tests, the release build and the benchmark smoke run, for quick local loops)
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
fast=false
[[ "${1:-}" == "--fast" ]] && fast=true

if [[ -t 1 ]]; then bold=$'\e[1m'; red=$'\e[31m'; green=$'\e[32m'; reset=$'\e[0m'; else bold=""; red=""; green=""; reset=""; fi
step() { printf '\n%s==> %s%s\n' "$bold" "$1" "$reset"; }
logs=$(mktemp -d)
passed=0
failed=0
count_dotnet() { # adds the counts of a `dotnet test` log
  local p f
  p=$(grep -Eo 'Passed: +[0-9]+' "$1" | awk '{s+=$2} END {print s+0}')
  f=$(grep -Eo 'Failed: +[0-9]+' "$1" | awk '{s+=$2} END {print s+0}')
  passed=$((passed + p)); failed=$((failed + f))
}
broken=() # suites that failed; the run goes on so one report names every failure
dotnet_suite() { # dotnet_suite <name> <project> [dotnet test args…]: runs a test project, counts its results, records a failure
  local rc=0 name=$1 project=$2
  shift 2
  dotnet test "$project" -c Release --no-build --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$logs/$name.log" || rc=$?
  count_dotnet "$logs/$name.log"
  if [[ $rc -ne 0 ]]; then broken+=("$name"); fi
}
apt_install() { # apt_install <package>: Debian's package, as root or through sudo
  if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null; fi
}
pg_dir=""
finish() {
  local code=$?
  echo
  if [[ $code -eq 0 && ${#broken[@]} -gt 0 ]]; then code=1; fi
  if [[ ${#broken[@]} -gt 0 ]]; then
    echo "${red}Failed suites: ${broken[*]}${reset}"
    # the failing tests by name, with the first line of each message, so the end of a CI log says what broke
    grep -h -A2 -E '^ +Failed [A-Za-z]' "$logs"/*.log 2>/dev/null | grep -v -E '^ +Stack Trace:|^--$' | cut -c1-300 | head -40 || true
  fi
  if [[ $code -eq 0 && $failed -eq 0 ]]; then echo "${green}All suites passed.${reset}"; else echo "${red}Something failed (exit $code).${reset}"; fi
  echo "test.sh: $passed passed, $failed failed"
  if [[ -n "$pg_dir" ]]; then tests/postgres.sh stop "$pg_dir" || true; fi
  rm -rf "$logs"
  exit "$code"
}
trap finish EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [[ -f ui/package.json ]]; then
  step "UI: install, lint, typecheck, unit tests"
  (cd ui && { [[ -d node_modules ]] || npm ci --no-audit --no-fund; } && npm run --silent lint && npm run --silent typecheck && npm test -- --reporter=default 2>&1 | tee "$logs/vitest.log")
  p=$(sed 's/\x1b\[[0-9;]*m//g' "$logs/vitest.log" | grep -Eo 'Tests +[0-9]+ passed' | grep -Eo '[0-9]+' | head -1 || true)
  passed=$((passed + ${p:-0}))
fi

step "Build (Release; builds the UI into the gateway)"
dotnet build Cairn.slnx -c Release -nologo -v quiet -clp:ErrorsOnly

if [[ -f tests/openai-sdk/package.json && ! -d tests/openai-sdk/node_modules ]]; then
  step "The openai npm package for the OpenAI-compatible endpoint's test"
  (cd tests/openai-sdk && npm ci --no-audit --no-fund)
fi

# One private PostgreSQL cluster for both passes: in the first the PostgreSQL-only tests (the PostgreSQL store and
# gateway, the replicas, cairn store migrate) use it, in the second every test runs on it.
if ! tests/postgres.sh bin >/dev/null 2>&1; then
  step "PostgreSQL is missing: installing Debian's package"
  apt_install postgresql
fi
if pg_env=$(tests/postgres.sh start); then
  eval "$pg_env" # CAIRN_TEST_POSTGRES, CAIRN_PG_DIR
  pg_dir=$CAIRN_PG_DIR
else
  broken+=("postgres (the cluster did not start)")
fi

step ".NET unit and integration tests"
dotnet_suite unit tests/Cairn.Tests

if [[ -n "$pg_dir" ]]; then
  step ".NET unit and integration tests on PostgreSQL (the SQLite-only tests left out)"
  pg_started=$SECONDS
  CAIRN_TEST_STORE=postgres dotnet_suite postgres tests/Cairn.Tests --filter "Store!=SqliteOnly"
  echo "postgres step: $((SECONDS - pg_started)) s"
fi
unset CAIRN_TEST_POSTGRES CAIRN_PG_DIR

if [[ -d tests/Cairn.E2E ]] && ! $fast; then
  step "Browser end-to-end tests (Debian chromium)"
  if ! command -v chromium >/dev/null 2>&1; then
    echo "chromium is missing: installing Debian's package"
    apt_install chromium
  fi
  dotnet_suite e2e tests/Cairn.E2E
fi

if [[ -x release.sh && -d tests/Cairn.Release.Tests ]] && ! $fast; then
  step "Release: ./release.sh, then install the single-file binary and the dotnet tool and use them"
  release_started=$SECONDS
  ./release.sh
  dotnet_suite release tests/Cairn.Release.Tests
  echo "release step: $((SECONDS - release_started)) s"
fi

if [[ -x tests/docs-check.sh ]]; then
  step "Docs: every curl example in docs/api/sessions.md and docs/api/openai.md against a fresh gateway"
  tests/docs-check.sh || broken+=("docs-check sessions.md")
  tests/docs-check.sh docs/api/openai.md || broken+=("docs-check openai.md")
fi

if [[ -d bench/Cairn.Bench ]] && ! $fast; then
  step "Benchmark smoke run (--quick; checks the program works, not the timings)"
  dotnet run -c Release --no-build --project bench/Cairn.Bench -- --quick --out "$logs/bench.json"
fi
