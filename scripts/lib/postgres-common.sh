# Shared settings of the local PostgreSQL cluster, sourced by ensure-postgres.sh
# and stop-postgres.sh so both always agree on where the cluster lives.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PG_PORT="${ARTIST_IMPORT_PGPORT:-54329}"

log() { printf '[postgres] %s\n' "$*" >&2; }
die() { printf '[postgres] error: %s\n' "$*" >&2; exit 1; }

# The cluster lives under the checkout's .local/ unless ARTIST_IMPORT_PGDATA says
# otherwise. As root the files belong to the `postgres` user, which must be able
# to reach the directory; a checkout under a private home (/root is 0700) is not
# reachable, so such a checkout keeps its cluster under /var/lib instead.
resolve_pg_root() {
  if [[ -n "${ARTIST_IMPORT_PGDATA:-}" ]]; then
    PG_ROOT="$ARTIST_IMPORT_PGDATA"
  elif [[ "$(id -u)" != "0" ]] || ! id postgres >/dev/null 2>&1 \
      || runuser -u postgres -- test -x "$REPO_ROOT" 2>/dev/null; then
    PG_ROOT="$REPO_ROOT/.local/postgres"
  else
    PG_ROOT="/var/lib/artist-import/postgres-$(printf '%s' "$REPO_ROOT" | cksum | cut -d' ' -f1)"
  fi
  PG_DATA="$PG_ROOT/data"
  PG_SOCKET_DIR="$PG_ROOT/run"
  PG_LOG="$PG_ROOT/postgres.log"
}
resolve_pg_root

# Newest Debian/Ubuntu server binaries first, then whatever is on PATH.
find_pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
      printf '%s\n' "$dir"
      return 0
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

# initdb and postgres refuse to run as root, so as root the cluster belongs to
# the `postgres` OS user (created by the Debian package); otherwise to the caller.
as_cluster_owner() {
  if [[ "$(id -u)" == "0" ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
