#!/usr/bin/env bash
# Runs the maeil demo on this machine: installs what is missing, starts a
# local Dovecot + Postfix with demo accounts, builds the app and serves it on
# http://localhost:3000 with an embedded PostgreSQL. Ctrl-C stops the app;
# `scripts/mail-stack.sh stop` stops the mail servers.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/prepare.sh

PORT="${PORT:-3000}"

ensure_node
ensure_dependencies
bash scripts/mail-stack.sh start
bash scripts/mail-stack.sh seed-if-empty
ensure_build

# The demo's mail servers are on loopback without TLS; a real deployment
# points these at its provider (README, "Your own mail server").
export NEXT_TELEMETRY_DISABLED=1
export NEXTAUTH_URL="${NEXTAUTH_URL:-http://localhost:$PORT}"
export MAEIL_IMAP_HOST="${MAEIL_IMAP_HOST:-127.0.0.1}" MAEIL_IMAP_PORT="${MAEIL_IMAP_PORT:-1143}" MAEIL_IMAP_SECURITY="${MAEIL_IMAP_SECURITY:-none}"
export MAEIL_SMTP_HOST="${MAEIL_SMTP_HOST:-127.0.0.1}" MAEIL_SMTP_PORT="${MAEIL_SMTP_PORT:-2525}" MAEIL_SMTP_SECURITY="${MAEIL_SMTP_SECURITY:-none}"

cat <<INFO

  maeil is starting on http://localhost:$PORT

  Sign in as   alice@example.test   password  alice-secret
           or  bob@example.test     password  bob-secret
  (also carol@ and dave@example.test, passwords carol-secret, dave-secret)

  Mail between these accounts is delivered by the local Postfix + Dovecot;
  nothing leaves this machine.

INFO
exec npm start -- -p "$PORT"
