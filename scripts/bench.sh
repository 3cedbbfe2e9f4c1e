#!/usr/bin/env bash
# `npm run bench`: the import benchmark (scripts/bench.ts) on a fresh machine
# too — npm dependencies, the Temporal CLI, PostgreSQL and the Prisma client
# first, like `npm test`. Results: stdout and .local/bench.json.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

ensure_node_version
ensure_node_deps
bash scripts/prisma-generate.sh >/dev/null
exec npx tsx scripts/bench.ts "$@"
