#!/usr/bin/env bash
# Generates the Prisma client into generated/prisma (`npm run db:generate`).
#
# `prisma generate` needs no database and no schema engine, but the 7.10 CLI
# still tries to download the native schema-engine binary first, which fails
# offline. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips the
# download; /bin/false is used when no real engine is configured. Migrations
# never go through this variable's value: prisma/migrate.ts checks that an
# engine actually runs before using it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-/bin/false}"
export PRISMA_HIDE_UPDATE_MESSAGE=1
exec node node_modules/prisma/build/index.js generate "$@"
