#!/usr/bin/env bash
# Runs every test of maeil on this machine, installing what is missing first.
# This is THE test command (README, and .ci/run execs it). As root on a fresh
# Debian machine:
#
#   scripts/test.sh
#
# 1. prepares: Node.js >= 20.9, npm packages, the Prisma client, Debian's
#    Chromium, and a freshly reset and seeded local mail stack
#    (scripts/mail-stack.sh reset: Dovecot + Postfix on loopback);
# 2. runs the suites one after another, each to the end even when an earlier
#    one failed: typecheck (tsc), unit (vitest, lib/**/*.test.ts),
#    integration (vitest, tests/integration: real Dovecot/Postfix/PostgreSQL),
#    end-to-end (Playwright in Chromium against a production build);
# 3. prints a table per suite and, last, one line "N passed, N failed"
#    (all suites; typecheck counts as one check), and exits non-zero if
#    anything failed.
#
# Reports (JSON) are kept in .data/test-reports. Environment: CI=true makes
# Playwright refuse test.only and never reuse a running server; DATABASE_URL
# makes the integration tests use that PostgreSQL (in a scratch database)
# instead of an embedded one.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib/prepare.sh
source scripts/lib/prepare.sh

REPORTS="$ROOT/.data/test-reports"
STARTED=$SECONDS
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n==> %s\n' "$*"; }
die() {
  printf 'test.sh: error: %s\n' "$*" >&2
  exit 1
}

# ------------------------------------------------------------ preparation
step "Node.js"
ensure_node || die "Node.js >= $MIN_NODE_MAJOR.$MIN_NODE_MINOR is required (found: $(node --version 2>/dev/null || echo none))"
node --version

# `prisma generate` needs no schema engine, but the CLI insists on one that
# cannot be downloaded here: any executable will do. (`type -P`, because
# `command -v false` names the shell builtin, "false", which Prisma rejects.)
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$(type -P false)}"

step "npm packages"
# prepare.sh: `npm install` when node_modules is missing or package-lock.json
# is newer (not `npm ci`; see the reason there).
ensure_dependencies || die "installing the npm packages failed"

step "Prisma client"
./node_modules/.bin/prisma generate >/dev/null || die "prisma generate failed"
echo "generated lib/db/generated"

step "Chromium"
if [[ ! -x /usr/bin/chromium && -z "${MAEIL_CHROMIUM:-}" ]]; then
  echo "installing Debian's chromium (Playwright must not download its own)"
  apt_install chromium || die "apt-get install chromium failed"
fi
"${MAEIL_CHROMIUM:-/usr/bin/chromium}" --version 2>/dev/null || die "no Chromium at ${MAEIL_CHROMIUM:-/usr/bin/chromium}"

step "Mail stack (reset and seed)"
# The mail daemons run as their own users and must reach the state folder; a
# checkout inside a private home (e.g. /root, mode 700) is out of their reach,
# so then the state goes to /var/tmp, keyed by the checkout. The tests and the
# e2e app call scripts/mail-stack.sh with the same environment.
if [[ -z "${MAEIL_MAIL_DIR:-}" ]]; then
  dir="$ROOT"
  while :; do
    perm="$(stat -c %A "$dir")"
    if [[ "${perm: -1}" != [xt] ]]; then
      export MAEIL_MAIL_DIR="/var/tmp/maeil-mail-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
      echo "$dir is private: mail stack state in $MAEIL_MAIL_DIR"
      break
    fi
    [[ "$dir" == / ]] && break
    dir="$(dirname "$dir")"
  done
fi
bash scripts/mail-stack.sh reset || die "scripts/mail-stack.sh reset failed"

# ------------------------------------------------------------ suites
rm -rf "$REPORTS"
mkdir -p "$REPORTS"
: >"$REPORTS/suites.tsv"
FAILED_SUITES=0

# run_suite NAME KIND REPORT NOTE -- COMMAND...
#   KIND: check (one pass/fail), vitest or playwright (JSON report at REPORT).
run_suite() {
  local name="$1" kind="$2" report="$3" note="$4" start=$SECONDS rc=0
  shift 5
  step "$name"
  "$@" || rc=$?
  ((rc == 0)) || FAILED_SUITES=$((FAILED_SUITES + 1))
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$kind" "$rc" "$((SECONDS - start))" "$report" "$note" >>"$REPORTS/suites.tsv"
}

run_suite typecheck check - "" -- ./node_modules/.bin/tsc --noEmit

run_suite unit vitest "$REPORTS/unit.json" "" -- \
  ./node_modules/.bin/vitest run --project unit --reporter=default --reporter=json --outputFile.json="$REPORTS/unit.json"

run_suite integration vitest "$REPORTS/integration.json" "" -- \
  ./node_modules/.bin/vitest run --project integration --reporter=default --reporter=json --outputFile.json="$REPORTS/integration.json"

if find e2e -name '*.spec.ts' -not -path '*/node_modules/*' 2>/dev/null | grep -q .; then
  run_suite e2e playwright "$REPORTS/e2e.json" "" -- \
    env PLAYWRIGHT_JSON_OUTPUT_NAME="$REPORTS/e2e.json" ./node_modules/.bin/playwright test --reporter=list,json
else
  # No specs yet (the UI is being built): "no tests found" counts as 0 tests.
  # The config is still loaded, so a broken playwright.config.ts fails here.
  run_suite e2e check-empty - "no e2e/*.spec.ts yet" -- \
    ./node_modules/.bin/playwright test --list --pass-with-no-tests
fi

# ------------------------------------------------------------ summary
step "Summary"
SUMMARY_RC=0
node - "$REPORTS/suites.tsv" "$((SECONDS - STARTED))" <<'NODE' || SUMMARY_RC=$?
const fs = require("node:fs");
const [tsv, totalSeconds] = process.argv.slice(2);
const rows = [];
for (const line of fs.readFileSync(tsv, "utf8").split("\n").filter(Boolean)) {
  const [name, kind, rcText, seconds, report, note] = line.split("\t");
  const rc = Number(rcText);
  let passed = 0, failed = 0, skipped = 0, extra = note || "";
  const read = () => {
    try { return JSON.parse(fs.readFileSync(report, "utf8")); } catch { return null; }
  };
  if (kind === "check") {
    rc === 0 ? passed++ : failed++;
  } else if (kind === "check-empty") {
    if (rc !== 0) { failed = 1; extra = "playwright could not load its config"; }
  } else if (kind === "vitest") {
    const r = read();
    if (r) {
      passed = r.numPassedTests ?? 0;
      failed = r.numFailedTests ?? 0;
      skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
      // A file that failed to load has no test results of its own.
      const broken = (r.testResults ?? []).filter((f) => f.status === "failed" && !(f.assertionResults ?? []).length);
      if (broken.length) { failed += broken.length; extra = `${broken.length} file(s) failed to load`; }
    }
  } else if (kind === "playwright") {
    const r = read();
    if (r) {
      passed = (r.stats?.expected ?? 0) + (r.stats?.flaky ?? 0);
      failed = r.stats?.unexpected ?? 0;
      skipped = r.stats?.skipped ?? 0;
      if (r.errors?.length) extra = `${r.errors.length} error(s) outside tests`;
    }
  }
  // The exit code has the last word: a failing run counts at least one failure.
  if (rc !== 0 && failed === 0) { failed = 1; extra = extra || `exited with ${rc}, no failed test reported`; }
  rows.push({ name, passed, failed, skipped, seconds: Number(seconds), result: rc === 0 ? "ok" : "FAILED", extra });
}
const pad = (v, n, left) => (left ? String(v).padEnd(n) : String(v).padStart(n));
console.log(`${pad("suite", 12, true)} ${pad("passed", 7)} ${pad("failed", 7)} ${pad("skipped", 8)} ${pad("time", 7)}  result`);
for (const r of rows) {
  console.log(`${pad(r.name, 12, true)} ${pad(r.passed, 7)} ${pad(r.failed, 7)} ${pad(r.skipped, 8)} ${pad(r.seconds + "s", 7)}  ${r.result}${r.extra ? ` (${r.extra})` : ""}`);
}
const sum = (k) => rows.reduce((n, r) => n + r[k], 0);
console.log(`${pad("total", 12, true)} ${pad(sum("passed"), 7)} ${pad(sum("failed"), 7)} ${pad(sum("skipped"), 8)} ${pad(totalSeconds + "s", 7)}  (whole script, setup included)`);
console.log("");
console.log(`${sum("passed")} passed, ${sum("failed")} failed`);
NODE

((SUMMARY_RC == 0)) || die "could not summarise the reports in $REPORTS"
((FAILED_SUITES == 0)) || exit 1
