#!/usr/bin/env bash
# `npm run bench`: maeil's benchmark (see bench/README.md). Not part of the
# test suite. Arguments go to bench/bench.ts (--fresh, --count N, --keep-stack).
# Whatever happens, the app server, its PostgreSQL and the bench mail stack are
# stopped afterwards (bench.ts does it; this trap is the safety net).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TSX=./node_modules/.bin/tsx
[[ -x "$TSX" ]] || { echo "bench: run npm install first" >&2; exit 1; }
[[ "$(id -u)" == 0 ]] || { echo "bench: needs root (the mail stack runs Dovecot/Postfix masters)" >&2; exit 1; }

keep=()
for arg in "$@"; do [[ "$arg" == --keep-stack ]] && keep=(--keep-stack); done
cleanup() { "$TSX" bench/cleanup.ts "${keep[@]}" >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

export NEXT_TELEMETRY_DISABLED=1
"$TSX" --conditions=react-server bench/bench.ts "$@"
