# Helpers shared by test.sh and start.sh.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# npm ci when node_modules is missing or older than package-lock.json (npm
# rewrites node_modules/.package-lock.json on every install).
ensure_node_deps() {
  local marker="$REPO_ROOT/node_modules/.package-lock.json"
  if [[ ! -f "$marker" || "$REPO_ROOT/package-lock.json" -nt "$marker" ]]; then
    say "installing npm dependencies (npm ci)"
    (cd "$REPO_ROOT" && npm ci --no-audit --no-fund >&2)
  fi
}

ensure_node_version() {
  command -v node >/dev/null 2>&1 || { echo "error: Node.js 20.19+ is required (https://nodejs.org)" >&2; exit 1; }
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
    || { echo "error: Node.js 20.19+ is required, found $(node --version)" >&2; exit 1; }
}
