#!/usr/bin/env bash
# Runs one TypeScript script of the repository on a fresh machine too: npm
# dependencies and the Prisma client first, like `npm test` (the script starts
# the services it needs itself). `npm run bench` and `npm run setlists:backtest`:
#   bash scripts/run-ts.sh scripts/bench.ts [args…]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

ensure_node_version
ensure_node_deps
bash scripts/prisma-generate.sh >/dev/null
exec npx tsx "$@"
