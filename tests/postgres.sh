#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for the tests: initdb in a temp dir, a free loopback port, a socket dir of its own,
# password auth (scram) for a generated password. PostgreSQL refuses to run as root, so as root it runs as the
# `postgres` system user (created as `cairnpg` when there is none); otherwise as the current user.
#
#   eval "$(tests/postgres.sh start)"   # starts one; prints `export CAIRN_TEST_POSTGRES=…` and `export CAIRN_PG_DIR=…`
#   tests/postgres.sh stop [dir]        # stops it by its PID (pg_ctl -m fast) and deletes the dir (default: $CAIRN_PG_DIR)
#   tests/postgres.sh env [dir]         # prints the exports of a running one again
#   tests/postgres.sh bin               # prints the directory of the binaries it uses (fails when there are none)
#
# Binaries: $PG_BIN, else /usr/lib/postgresql/15/bin, else the newest /usr/lib/postgresql/*/bin, else `pg_ctl` on PATH.
set -euo pipefail

die() { echo "tests/postgres.sh: $*" >&2; exit 1; }

pg_bin() { # $PG_BIN, else PostgreSQL 15's, else the newest Debian version's, else pg_ctl on PATH
  if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
  if [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then echo /usr/lib/postgresql/15/bin; return; fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n | tail -n 1 || true)
  if [[ -n "$newest" && -x "$newest/initdb" ]]; then echo "$newest"; return; fi
  local ctl; ctl=$(command -v pg_ctl || true)
  [[ -n "$ctl" && -x "$(dirname "$ctl")/initdb" ]] || die "PostgreSQL binaries not found: install Debian's postgresql package or set PG_BIN"
  dirname "$ctl"
}

run_user() { # the OS user the server runs as; empty = the current user
  [[ $(id -u) -eq 0 ]] || return 0
  if getent passwd postgres >/dev/null; then echo postgres; return; fi
  if ! getent passwd cairnpg >/dev/null; then
    useradd --system --no-create-home --shell /usr/sbin/nologin cairnpg || die "could not create the user cairnpg to run PostgreSQL as (it refuses root)"
  fi
  echo cairnpg
}

as_user() { # as_user <user> <command...>
  local user=$1; shift
  if [[ -z "$user" ]]; then "$@"; else runuser -u "$user" -- "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || shuf -i 20000-60000 -n 1
}

exports() { # exports <dir>
  local dir=$1
  [[ -f "$dir/conn" ]] || die "no cluster in $dir (start one with: tests/postgres.sh start)"
  echo "export CAIRN_TEST_POSTGRES='$(cat "$dir/conn")'"
  echo "export CAIRN_PG_DIR='$dir'"
}

start() {
  local bin user dir port password
  bin=$(pg_bin)
  user=$(run_user)
  dir=$(mktemp -d /tmp/cairn-pg.XXXXXX)
  chmod 0755 "$dir" # the server user reads its own subdirectories only; the parent must be traversable
  mkdir -p "$dir/data" "$dir/sock"
  [[ -z "$user" ]] || chown "$user" "$dir/data" "$dir/sock"
  chmod 0700 "$dir/data"
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  printf '%s\n' "$password" > "$dir/pw"
  [[ -z "$user" ]] || chown "$user" "$dir/pw"
  chmod 0600 "$dir/pw"
  if ! as_user "$user" "$bin/initdb" -D "$dir/data" -U cairn --pwfile="$dir/pw" --auth=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2; rm -rf "$dir"; die "initdb failed (log above)"
  fi
  rm -f "$dir/pw"
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_user "$user" "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 \
         -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/sock -c fsync=on -c max_connections=300 -c shared_buffers=64MB" \
         start >/dev/null 2>&1; then
      echo "Host=127.0.0.1;Port=$port;Username=cairn;Password=$password;Database=postgres" > "$dir/conn"
      chmod 0600 "$dir/conn"
      exports "$dir"
      return 0
    fi
  done
  tail -n 20 "$dir/data/server.log" >&2 || true
  rm -rf "$dir"
  die "PostgreSQL did not start (server log above)"
}

stop() {
  local dir=${1:-${CAIRN_PG_DIR:-}} bin user pid
  [[ -n "$dir" ]] || die "stop: which cluster? pass its dir or set CAIRN_PG_DIR"
  [[ -d "$dir" ]] || return 0
  bin=$(pg_bin)
  user=$(run_user)
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    pid=$(head -n 1 "$dir/data/postmaster.pid")
    as_user "$user" "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  env) exports "${2:-${CAIRN_PG_DIR:-}}" ;;
  bin) pg_bin ;;
  *) echo "usage: tests/postgres.sh start|stop [dir]|env [dir]|bin" >&2; exit 2 ;;
esac
