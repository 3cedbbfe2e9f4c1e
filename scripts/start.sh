#!/usr/bin/env bash
# `npm start`: the whole system on this machine, fresh or not.
#
#   Temporal dev server  127.0.0.1:7233, Web UI http://127.0.0.1:8233, state kept in
#                        .local/temporal/dev.db (reused when something already listens on 7233;
#                        skipped when TEMPORAL_ADDRESS is set)
#   PostgreSQL           DATABASE_URL, else the local cluster of ensure-postgres.sh with the
#                        database `artist_import`; migrations applied either way
#   fake providers       only when no provider key is set (TICKETMASTER_API_KEY, SPOTIFY_CLIENT_ID,
#                        SPOTIFY_CLIENT_SECRET, SETLISTFM_API_KEY): `tsx fakes/main.ts` on
#                        FAKES_PORT (4010), with its *_BASE_URL values and fake keys exported
#   web app              `vite build` of web/ into web/dist, served by the API at /
#   API, worker build    `npm run build:server` into dist/ on every start: the API and the worker as
#                        one module each (dist/api.mjs, dist/worker.mjs) and the workflow bundle the
#                        worker loads (WORKFLOW_BUNDLE_PATH)
#   worker, API          `node dist/worker.mjs`, `node dist/api.mjs` (PORT 3000, HOST 127.0.0.1)
#
# .env is read when present; variables already set in the environment win.
# Ctrl-C / SIGTERM stops what this script started (by pid); PostgreSQL too if it started it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$REPO_ROOT/scripts/lib/postgres-common.sh"
cd "$REPO_ROOT"

LOG_DIR="$REPO_ROOT/.local/logs"
mkdir -p "$LOG_DIR" "$REPO_ROOT/.local/temporal"

load_dotenv() {
  local file="$REPO_ROOT/.env" line key value
  [[ -f "$file" ]] || return 0
  while IFS= read -r line || [[ -n "$line" ]]; do
    [[ "$line" =~ ^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
    key="${BASH_REMATCH[2]}"
    value="${BASH_REMATCH[3]}"
    value="${value%"${value##*[![:space:]]}"}"
    if [[ "$value" =~ ^\"(.*)\"$ || "$value" =~ ^\'(.*)\'$ ]]; then
      value="${BASH_REMATCH[1]}"
    fi
    [[ -n "${!key+set}" ]] || export "$key=$value"
  done <"$file"
  say "read .env (environment variables already set were kept)"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# name pid pairs of what this script started, stopped in reverse order.
STARTED_NAMES=()
STARTED_PIDS=()
STARTED_POSTGRES=0
STOPPING=0

track() {
  STARTED_NAMES+=("$1")
  STARTED_PIDS+=("$2")
}

stop_all() {
  local status=$?
  [[ "$STOPPING" == 1 ]] && return
  STOPPING=1
  trap - INT TERM EXIT
  say "stopping"
  local i pid name
  for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
    pid="${STARTED_PIDS[$i]}"
    name="${STARTED_NAMES[$i]}"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      if kill -0 "$pid" 2>/dev/null; then
        echo "  $name (pid $pid) did not stop in 10 s; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
      fi
      echo "  stopped $name (pid $pid)" >&2
    fi
  done
  if [[ "$STARTED_POSTGRES" == 1 ]]; then
    bash scripts/stop-postgres.sh || true
  fi
  exit "$status"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Lines of a process, prefixed with its name, on this terminal and in its log.
run_logged() {
  local name="$1"
  shift
  "$@" > >(tee -a "$LOG_DIR/$name.log" | sed -u "s/^/[$name] /") 2>&1 &
  LAST_PID=$!
  track "$name" "$LAST_PID"
}

wait_until() {
  local what="$1" seconds="$2" pid="$3"
  shift 3
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      echo "error: $what exited during start-up" >&2
      return 1
    fi
    if ((SECONDS >= deadline)); then
      echo "error: $what not ready after ${seconds}s" >&2
      return 1
    fi
    sleep 0.5
  done
}

load_dotenv
ensure_node_version
ensure_node_deps

say "Temporal CLI"
TEMPORAL_CLI="$(bash scripts/ensure-temporal.sh)"

say "Prisma client"
bash scripts/prisma-generate.sh >/dev/null 2>&1 || bash scripts/prisma-generate.sh

# --- Temporal -----------------------------------------------------------------
# The web app links each import to its workflow in the Temporal UI (TEMPORAL_UI_URL, when known).
TEMPORAL_UI_URL="${TEMPORAL_UI_URL:-}"
temporal_healthy() { "$TEMPORAL_CLI" operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; }
if [[ -n "${TEMPORAL_ADDRESS:-}" ]]; then
  say "Temporal: using TEMPORAL_ADDRESS=$TEMPORAL_ADDRESS"
  wait_until "Temporal at $TEMPORAL_ADDRESS" 30 "" temporal_healthy
else
  export TEMPORAL_ADDRESS="127.0.0.1:7233"
  # The dev server started below (or already running here) serves its UI on 8233.
  TEMPORAL_UI_URL="${TEMPORAL_UI_URL:-http://127.0.0.1:8233}"
  if port_open 127.0.0.1 7233; then
    say "Temporal: a server already listens on $TEMPORAL_ADDRESS; using it"
    wait_until "Temporal at $TEMPORAL_ADDRESS" 30 "" temporal_healthy
  else
    say "Temporal: starting the dev server on $TEMPORAL_ADDRESS (log .local/logs/temporal.log)"
    "$TEMPORAL_CLI" server start-dev --ip 127.0.0.1 --port 7233 --ui-port 8233 \
      --db-filename "$REPO_ROOT/.local/temporal/dev.db" --namespace default \
      --search-attribute ArtistName=Text --search-attribute TmAttractionId=Keyword \
      --search-attribute ImportPhase=Keyword >>"$LOG_DIR/temporal.log" 2>&1 &
    track temporal $!
    wait_until "Temporal dev server" 90 "$!" temporal_healthy
  fi
fi

# --- PostgreSQL ----------------------------------------------------------------
if [[ -n "${DATABASE_URL:-}" ]]; then
  say "PostgreSQL: using DATABASE_URL"
  bash scripts/ensure-postgres.sh >/dev/null
else
  PG_BIN="$(find_pg_bin || true)"
  if [[ -z "$PG_BIN" ]] || ! as_cluster_owner "$PG_BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1; then
    STARTED_POSTGRES=1
  fi
  SERVER_URL="$(bash scripts/ensure-postgres.sh)"
  export DATABASE_URL="${SERVER_URL%/*}/artist_import"
  say "PostgreSQL: $DATABASE_URL"
fi
say "migrations"
node_modules/.bin/tsx prisma/migrate.ts

# --- providers --------------------------------------------------------------------
provider_keys=(TICKETMASTER_API_KEY SPOTIFY_CLIENT_ID SPOTIFY_CLIENT_SECRET SETLISTFM_API_KEY)
set_keys=0
for key in "${provider_keys[@]}"; do [[ -n "${!key:-}" ]] && set_keys=$((set_keys + 1)); done
if ((set_keys == 0)); then
  FAKES_PORT="${FAKES_PORT:-4010}"
  if port_open 127.0.0.1 "$FAKES_PORT"; then
    echo "port $FAKES_PORT is taken; the fake providers take any free port instead" >&2
    FAKES_PORT=0
  fi
  say "no provider keys set: starting the fake providers (tsx fakes/main.ts)"
  : >"$LOG_DIR/fakes.log"
  node_modules/.bin/tsx fakes/main.ts --port "$FAKES_PORT" >>"$LOG_DIR/fakes.log" 2>&1 &
  track fakes $!
  fakes_ready() { grep -q '^export SETLISTFM_API_KEY=' "$LOG_DIR/fakes.log"; }
  wait_until "fake providers" 60 "$!" fakes_ready || { cat "$LOG_DIR/fakes.log" >&2; exit 1; }
  # The fakes print the environment that points the app at them; take it as given.
  while IFS= read -r line; do
    [[ "$line" =~ ^export\ ([A-Z_]+)=(.*)$ ]] && export "${BASH_REMATCH[1]}=${BASH_REMATCH[2]}"
  done <"$LOG_DIR/fakes.log"
  grep -v '^export ' "$LOG_DIR/fakes.log" | sed 's/^/[fakes] /' >&2
elif ((set_keys < ${#provider_keys[@]})); then
  for key in "${provider_keys[@]}"; do
    [[ -n "${!key:-}" ]] || echo "warning: $key is not set; imports will report that source as unavailable" >&2
  done
fi

# --- web app ----------------------------------------------------------------------
say "web app (vite build into web/dist)"
npm run --silent build:web >"$LOG_DIR/web-build.log" 2>&1 || { cat "$LOG_DIR/web-build.log" >&2; exit 1; }
[[ -n "$TEMPORAL_UI_URL" ]] && export TEMPORAL_UI_URL

# --- worker and API -------------------------------------------------------------
export PORT="${PORT:-3000}"
export HOST="${HOST:-127.0.0.1}"
if port_open "$HOST" "$PORT"; then
  echo "error: port $PORT on $HOST is taken; set PORT to a free one" >&2
  exit 1
fi
# The worker's Prometheus metrics (Temporal's SDK metrics), on a free port unless one is given.
if [[ -z "${WORKER_METRICS_ADDRESS:-}" ]]; then
  metrics_port=9464
  while port_open 127.0.0.1 "$metrics_port"; do metrics_port=$((metrics_port + 1)); done
  export WORKER_METRICS_ADDRESS="127.0.0.1:$metrics_port"
fi
# Built here, not in the processes: webpack bundling the workflows in the worker, and tsx's loader
# thread in each, would stay in their resident memory for as long as they run (~120 MB, ~45 MB).
# Built on every start, so it is the sources as they are now (each module checks its inputs list
# all the same: a stale build is not run).
say "API and worker build (npm run build:server into dist/)"
node_modules/.bin/tsx scripts/build-server.ts dist >"$LOG_DIR/server-build.log" 2>&1 \
  || { cat "$LOG_DIR/server-build.log" >&2; exit 1; }
say "worker (log .local/logs/worker.log)"
run_logged worker env WORKFLOW_BUNDLE_PATH="$REPO_ROOT/dist/workflow-bundle.js" node dist/worker.mjs
say "API (log .local/logs/api.log)"
run_logged api node dist/api.mjs
API_PID=$LAST_PID
API_URL="http://$HOST:$PORT"
api_healthy() { curl -fsS "$API_URL/healthz" >/dev/null 2>&1 || port_open "$HOST" "$PORT"; }
wait_until "API" 60 "$API_PID" api_healthy

cat >&2 <<EOF

  Web app       $API_URL/        (open it in a browser: search, import, follow, vote)
  API           $API_URL/api     (OpenAPI: $API_URL/openapi.json, metrics: $API_URL/metrics)
  Temporal UI   ${TEMPORAL_UI_URL:-(the UI of $TEMPORAL_ADDRESS)}
  Worker        metrics: http://$WORKER_METRICS_ADDRESS/metrics
  Database      $DATABASE_URL

  Import an artist and follow it:
    curl -s -X POST $API_URL/api/artists/import -H 'content-type: application/json' -d '{"tmAttractionId":"fake-small"}'
    curl -N $API_URL/api/artists/<artistId from the answer>/stream

  Schedules (set up by the worker): trending hourly, resync-active every 6 h, deep-resync-trending 03:00 UTC
    TEMPORAL_ADDRESS=$TEMPORAL_ADDRESS npm run schedules -- --list     # with their next run times

  Ctrl-C stops everything started here.

EOF

# Any process ending ends the whole system (and the trap stops the rest). So
# does the end of whoever started us: `npm start` does not pass a SIGTERM on to
# this script, so a parent that is gone is the signal to stop.
PARENT_PID=$PPID
set +e
while :; do
  for i in "${!STARTED_PIDS[@]}"; do
    if ! kill -0 "${STARTED_PIDS[$i]}" 2>/dev/null; then
      wait "${STARTED_PIDS[$i]}"
      status=$?
      echo "${STARTED_NAMES[$i]} exited (status $status); stopping the rest" >&2
      exit "$status"
    fi
  done
  if ! kill -0 "$PARENT_PID" 2>/dev/null; then
    echo "the parent process ($PARENT_PID) is gone; stopping" >&2
    exit 0
  fi
  sleep 1
done
