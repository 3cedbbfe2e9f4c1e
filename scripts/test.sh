#!/usr/bin/env bash
# `npm test`: everything the suite needs, on a fresh machine too — npm
# dependencies, the Temporal CLI, PostgreSQL, the generated Prisma client —
# then `vitest run` with the given arguments (e.g. `npm test -- tests/api.test.ts`).
# The suite itself starts a private Temporal dev server and a fresh database
# (tests/setup/global-setup.ts). Exit code: vitest's.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

ensure_node_version
ensure_node_deps

say "Temporal CLI"
TEMPORAL_CLI_PATH="$(bash scripts/ensure-temporal.sh)"
export TEMPORAL_CLI_PATH

say "PostgreSQL"
# A local cluster this run starts is stopped again when it ends (pg_ctl stop:
# by the postmaster's pid); one that was already running is left as it was.
started_postgres=0
if [[ -z "${DATABASE_URL:-}" ]] && ! (exec 3<>"/dev/tcp/127.0.0.1/${ARTIST_IMPORT_PGPORT:-54329}") 2>/dev/null; then
  started_postgres=1
fi
bash scripts/ensure-postgres.sh >/dev/null
if [[ "$started_postgres" == 1 ]]; then
  trap 'bash scripts/stop-postgres.sh >/dev/null 2>&1 || true' EXIT
fi

say "Prisma client"
bash scripts/prisma-generate.sh >/dev/null

say "web app (vite build)"
# The browser tests (tests/web) open the app as the API serves it.
npm run --silent build:web >/dev/null

say "vitest run $*"
set +e
npx vitest run "$@"
status=$?
set -e
exit "$status"
