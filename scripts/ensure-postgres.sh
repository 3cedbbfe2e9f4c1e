#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers and prints a connection URL on stdout
# (progress goes to stderr).
#
# - DATABASE_URL set: only checks that it answers, then prints it unchanged.
# - Otherwise: a private cluster for this checkout (trust auth, listening on
#   127.0.0.1 only, port $ARTIST_IMPORT_PGPORT or 54329, data under .local/postgres
#   or $ARTIST_IMPORT_PGDATA), installed from Debian's `postgresql` package when no
#   server binaries exist, created on first use, reused while it runs. Prints
#   postgresql://postgres@127.0.0.1:<port>/postgres — a URL that may create databases.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres-common.sh"

check_url() {
  # node + pg from the checkout: always present once npm ci ran, unlike psql.
  (cd "$REPO_ROOT" && node --input-type=module -e '
    import pg from "pg";
    const client = new pg.Client({ connectionString: process.argv[1], connectionTimeoutMillis: 5000 });
    try { await client.connect(); await client.query("select 1"); }
    catch (e) { console.error(`[postgres] ${e.message}`); process.exit(1); }
    finally { await client.end().catch(() => {}); }
  ' "$1")
}

if [[ -n "${DATABASE_URL:-}" ]]; then
  check_url "$DATABASE_URL" || die "DATABASE_URL does not answer (unset it to use a local cluster)"
  log "using DATABASE_URL"
  printf '%s\n' "$DATABASE_URL"
  exit 0
fi

install_postgres() {
  [[ "$(id -u)" == "0" ]] || die "no PostgreSQL server binaries found; install them (e.g. sudo apt-get install postgresql) or set DATABASE_URL"
  command -v apt-get >/dev/null 2>&1 || die "no PostgreSQL server binaries and no apt-get; install PostgreSQL 14+ or set DATABASE_URL"
  log "installing PostgreSQL from the distribution (apt-get install postgresql)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
}

PG_BIN="$(find_pg_bin || true)"
if [[ -z "$PG_BIN" ]]; then
  install_postgres
  PG_BIN="$(find_pg_bin)" || die "PostgreSQL installed but initdb/pg_ctl not found"
fi

mkdir -p "$PG_ROOT"
# Two scripts (npm test, npm start) may race to create or start the cluster.
exec 9>"$PG_ROOT/.lock"
flock 9

if [[ "$(id -u)" == "0" ]]; then
  id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' OS user to own the cluster"
  chown postgres: "$PG_ROOT"
fi

if [[ ! -s "$PG_DATA/PG_VERSION" ]]; then
  log "initialising a cluster in $PG_DATA ($("$PG_BIN/postgres" --version))"
  as_cluster_owner mkdir -p "$PG_DATA" "$PG_SOCKET_DIR"
  # Trust auth is safe only because the server listens on loopback and a
  # socket directory private to this checkout.
  as_cluster_owner "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >&2 2>"$PG_ROOT/initdb.err" \
    || { cat "$PG_ROOT/initdb.err" >&2; die "initdb failed"; }
fi
as_cluster_owner mkdir -p "$PG_SOCKET_DIR"

if as_cluster_owner "$PG_BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1; then
  log "cluster already running ($PG_DATA)"
else
  if (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; then
    die "port $PG_PORT on 127.0.0.1 is taken by another process; set ARTIST_IMPORT_PGPORT or DATABASE_URL"
  fi
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT (log: $PG_LOG)"
  as_cluster_owner touch "$PG_LOG" 2>/dev/null || true
  # 9>&- : the server must not inherit the lock, or it would hold it forever.
  as_cluster_owner "$PG_BIN/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
    -o "-p $PG_PORT -k $PG_SOCKET_DIR -c listen_addresses=127.0.0.1" >&2 9>&- \
    || { tail -n 20 "$PG_LOG" >&2 || true; die "PostgreSQL did not start"; }
fi

# A running cluster may have been started earlier on another port.
RUNNING_PORT="$(sed -n '4p' "$PG_DATA/postmaster.pid" 2>/dev/null || true)"
[[ -n "$RUNNING_PORT" ]] || RUNNING_PORT="$PG_PORT"
"$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$RUNNING_PORT" -t 30 \
  || die "PostgreSQL on 127.0.0.1:$RUNNING_PORT does not accept connections"

printf 'postgresql://postgres@127.0.0.1:%s/postgres\n' "$RUNNING_PORT"
