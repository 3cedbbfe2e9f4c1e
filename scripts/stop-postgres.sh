#!/usr/bin/env bash
# Stops the local cluster started by ensure-postgres.sh (its data stays).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres-common.sh"

PG_BIN="$(find_pg_bin)" || die "no PostgreSQL server binaries found"
if [[ ! -s "$PG_DATA/PG_VERSION" ]]; then
  log "no cluster at $PG_DATA"
  exit 0
fi
if as_cluster_owner "$PG_BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1; then
  as_cluster_owner "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w >&2
  log "stopped ($PG_DATA)"
else
  log "not running ($PG_DATA)"
fi
