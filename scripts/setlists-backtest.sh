#!/usr/bin/env bash
# `npm run setlists:backtest`: the setlist predictor's backtest (scripts/setlists-backtest.ts),
# with what it needs on a fresh machine first, like `npm run bench`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

ensure_node_version
ensure_node_deps
bash scripts/prisma-generate.sh >/dev/null
exec npx tsx scripts/setlists-backtest.ts "$@"
