# Shared by scripts/demo.sh and scripts/test.sh (sourced, not run): makes a
# fresh Debian machine ready to build maeil. Each step is skipped when done.

MIN_NODE_MAJOR=20
MIN_NODE_MINOR=9

prepare_log() { printf 'prepare: %s\n' "$*" >&2; }

apt_install() {
  [ "$(id -u)" = 0 ] || { prepare_log "need root to apt-get install $*"; return 1; }
  if [ -z "${APT_UPDATED:-}" ]; then
    apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

node_is_recent() {
  command -v node >/dev/null 2>&1 || return 1
  local version major minor
  version="$(node -p 'process.versions.node')"
  major="${version%%.*}"
  minor="$(echo "$version" | cut -d. -f2)"
  [ "$major" -gt "$MIN_NODE_MAJOR" ] || { [ "$major" -eq "$MIN_NODE_MAJOR" ] && [ "$minor" -ge "$MIN_NODE_MINOR" ]; }
}

# Node.js >= 20.9 (Next.js 16 needs it). Debian 13 ships Node 20; Debian 12's
# apt has only Node 18, so there Node must come from elsewhere (see README).
ensure_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    prepare_log "installing Node.js and npm from Debian"
    apt_install nodejs npm || true
  fi
  if ! node_is_recent; then
    prepare_log "maeil needs Node.js >= $MIN_NODE_MAJOR.$MIN_NODE_MINOR; found $(node --version 2>/dev/null || echo none)."
    prepare_log "Install a newer Node.js (e.g. Debian 13's nodejs package), then run this again."
    return 1
  fi
}

# npm packages (when missing or the lock file changed) and the Prisma client.
ensure_dependencies() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    prepare_log "installing npm packages"
    # Not `npm ci`: it insists that the lock file lists every platform's
    # optional binaries (@next/swc-*, @tailwindcss/oxide-*), and a registry
    # mirror that serves only this platform's leaves them out. `npm install`
    # still follows the lock file for every version it does list.
    npm install --no-audit --no-fund --loglevel=error
  fi
  if [ ! -f lib/db/generated/client.ts ] || [ prisma/schema.prisma -nt lib/db/generated/client.ts ]; then
    prepare_log "generating the Prisma client"
    # generate needs no schema engine, but the CLI insists on finding one; it
    # cannot be downloaded everywhere, so point it at any executable.
    PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$(type -P false)}" npx prisma generate >/dev/null
  fi
}

# A production build, redone only when a source file is newer than the last one.
ensure_build() {
  if [ -f .next/BUILD_ID ] && [ -z "$(find app lib prisma next.config.js package-lock.json -newer .next/BUILD_ID -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  prepare_log "building the app (about a minute)"
  NEXT_TELEMETRY_DISABLED=1 npx next build >/dev/null
}
