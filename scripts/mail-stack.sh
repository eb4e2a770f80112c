#!/usr/bin/env bash
# maeil local mail stack: a real Dovecot (IMAP + LMTP) and Postfix (SMTP
# submission) on loopback, unprivileged ports, with configs, logs, queue and
# mail all under one state folder. Used by the demo and the tests.
#
#   scripts/mail-stack.sh install | start | stop | status | seed | seed-if-empty | reset
#   scripts/mail-stack.sh add-user ADDRESS PASSWORD
#   scripts/mail-stack.sh deliver ADDRESS [MAILBOX] < message.eml
#
# Environment overrides:
#   MAEIL_MAIL_DIR   state folder (default: <repo>/.data/mail)
#   MAEIL_IMAP_PORT  IMAP, plaintext              (default 1143)
#   MAEIL_SMTP_PORT  SMTP + SASL AUTH submission  (default 2525)
#   MAEIL_LMTP_PORT  Dovecot LMTP (Postfix -> Dovecot delivery) (default 2424)
#   MAEIL_AUTH_PORT  Dovecot auth for Postfix SASL (default 12345)
#
# Everything listens on 127.0.0.1 only. Mail for @example.test is delivered
# locally; any other recipient is refused and default_transport is an error
# transport, so nothing can ever leave this machine.
#
# Users (passwd-file, PLAIN): alice, bob, carol, dave @example.test with
# password "<name>-secret". "seed" rewrites only these four users' mail;
# users added with add-user keep theirs until "reset".
#
# IMAP hierarchy separator is "/" (e.g. "Projects/maeil"); on disk each
# folder is a Maildir directory of the same path (Maildir LAYOUT=fs).
#
# Needs root (apt-get, a "vmail" system user, Postfix/Dovecot masters).
# Pitfalls referred to as [P...] below were verified on Debian 12 and are
# written up in the project's shared notes on the mail test stack.

set -euo pipefail

# ---------------------------------------------------------------- settings
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
SEED_DIR="$SCRIPT_DIR/seed"

MAIL_DIR_RAW="${MAEIL_MAIL_DIR:-$REPO_DIR/.data/mail}"
IMAP_PORT="${MAEIL_IMAP_PORT:-1143}"
SMTP_PORT="${MAEIL_SMTP_PORT:-2525}"
LMTP_PORT="${MAEIL_LMTP_PORT:-2424}"
AUTH_PORT="${MAEIL_AUTH_PORT:-12345}"

DOMAIN="example.test"
HOST="127.0.0.1"
PACKAGES=(dovecot-imapd dovecot-lmtpd postfix)
DEMO_USERS=(alice bob carol dave)  # password: "<name>-secret"
SPECIAL_FOLDERS=(Drafts Sent Trash Junk Archive)
WAIT_SECONDS=20                    # bounded wait for ports / process exit

log() { printf 'mail-stack: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Absolute state paths. MAIL_DIR may be given relative; make it absolute
# because Postfix requires absolute config/queue paths.
resolve_paths() {
  case "$MAIL_DIR_RAW" in
    /*) MAIL_DIR="$MAIL_DIR_RAW" ;;
    *) MAIL_DIR="$PWD/$MAIL_DIR_RAW" ;;
  esac
  MAIL_DIR="${MAIL_DIR%/}"
  [[ -n "$MAIL_DIR" && "$MAIL_DIR" != "/" ]] || die "refusing MAEIL_MAIL_DIR='$MAIL_DIR_RAW'"
  ETC="$MAIL_DIR/etc"
  PF_ETC="$ETC/postfix"
  DOVECOT_CONF="$ETC/dovecot.conf"
  USERS_FILE="$ETC/users"
  LOG_DIR="$MAIL_DIR/log"
  VMAIL_DIR="$MAIL_DIR/vmail"
  PF_DATA="$MAIL_DIR/postfix/data"
  DOVECOT_STATE="$MAIL_DIR/dovecot/state"
  # Runtime folders hold Unix sockets, whose paths are limited to 108 bytes:
  # Dovecot's base_dir gets names of up to ~25 characters below it, and
  # Postfix's queue folder public/postlog etc. ("postfix: fatal:
  # unix_dgram_connect: unix-domain name too long" seen here). A deep
  # MAEIL_MAIL_DIR therefore gets its runtime folder in /run (or /tmp),
  # keyed by the state folder.
  RUN_DIR="$MAIL_DIR/run"
  if ((${#MAIL_DIR} > 60)); then
    local key base=/run
    key="$(printf '%s' "$MAIL_DIR" | cksum | cut -d' ' -f1)"
    [[ -d /run && -w /run ]] || base=/tmp
    RUN_DIR="$base/maeil-mail-$key"
  fi
  DOVECOT_RUN="$RUN_DIR/dovecot"
  PF_QUEUE="$RUN_DIR/postfix-queue"
}

# ---------------------------------------------------------------- helpers
require_root() {
  [[ "$(id -u)" == 0 ]] || die "'$1' needs root (apt-get, the vmail user, Dovecot/Postfix masters)"
}

# Is TCP port $1 on loopback accepting connections? With $2, also require
# the first line the server sends to start with it (a greeting = healthy).
port_ok() {
  local port="$1" greeting="${2:-}"
  # shellcheck disable=SC2016 # the inner script expands its own arguments
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    [[ -z "$2" ]] && exit 0
    IFS= read -r -t 2 line <&3 || exit 1
    [[ "$line" == "$2"* ]] || exit 1
    printf "%s\r\n" "$3" >&3 2>/dev/null || true
  ' "$HOST" "$port" "$greeting" "$([[ "$greeting" == "* OK"* ]] && echo 'a LOGOUT' || echo QUIT)" \
    2>/dev/null
}

# Read a pid file (Postfix pads it with spaces [P: trim]) and print the pid
# only if that process is alive and its command name matches $2, so a stale
# pid file never makes us signal an unrelated process.
live_pid() {
  local file="$1" comm="$2" pid
  [[ -r "$file" ]] || return 1
  pid="$(tr -d '[:space:]' <"$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/comm" && "$(cat "/proc/$pid/comm")" == "$comm" ]] || return 1
  printf '%s\n' "$pid"
}

dovecot_pid() { live_pid "$DOVECOT_RUN/master.pid" dovecot; }
postfix_pid() { live_pid "$PF_QUEUE/pid/master.pid" master; }

dovecot_up() {
  dovecot_pid >/dev/null && port_ok "$IMAP_PORT" "* OK" && port_ok "$LMTP_PORT" "220" &&
    port_ok "$AUTH_PORT"
}
postfix_up() { postfix_pid >/dev/null && port_ok "$SMTP_PORT" "220"; }

# Print the last lines of the given log files (for error messages).
log_tail() {
  local f
  for f in "$@"; do
    [[ -s "$f" ]] || continue
    printf -- '----- tail of %s -----\n' "$f" >&2
    tail -n 25 "$f" >&2
  done
}

# Wait (bounded) until the given check (e.g. dovecot_up) succeeds.
wait_until() {
  local deadline=$((SECONDS + WAIT_SECONDS))
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

# Send SIGTERM to the given pids and wait (bounded) until all are gone, then
# SIGKILL stragglers. Both masters take 1-3 s to wind down their children,
# so stopping them together halves the time of stop/reset.
kill_and_wait() {
  local deadline=$((SECONDS + WAIT_SECONDS)) pid alive
  (($# > 0)) || return 0
  kill -TERM "$@" 2>/dev/null || true
  while :; do
    alive=()
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
    ((${#alive[@]} > 0)) || return 0
    if ((SECONDS >= deadline)); then
      log "pid(s) ${alive[*]} did not stop in ${WAIT_SECONDS}s; killing them"
      kill -KILL "${alive[@]}" 2>/dev/null || true
      return 0
    fi
    sleep 0.1
  done
}

# ---------------------------------------------------------------- install
pkg_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

cmd_install() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do pkg_installed "$p" || missing+=("$p"); done
  ((${#missing[@]} == 0)) && return 0
  require_root install
  mkdir -p "$LOG_DIR"
  log "installing ${missing[*]} (apt-get, about 30 s)"
  # [P] Preseed "No configuration": no questions, and Debian writes no
  # /etc/postfix/main.cf (we run our own instance with its own config).
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  if ! { apt-get update -q &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; } \
    </dev/null >"$LOG_DIR/apt.log" 2>&1; then
    log_tail "$LOG_DIR/apt.log"
    die "apt-get install ${missing[*]} failed"
  fi
}

# ---------------------------------------------------------------- users
# Dovecot refuses mail owned by uid 0 ("userdb returned 0 as uid") [P], so
# mail belongs to a dedicated system user.
ensure_vmail_user() {
  if ! getent passwd vmail >/dev/null; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin vmail
  fi
  VMAIL_UID="$(id -u vmail)"
  VMAIL_GID="$(id -g vmail)"
  [[ "$VMAIL_UID" != 0 ]] || die "user vmail has uid 0; Dovecot refuses that"
}

# The daemons run as vmail, dovecot, dovenull and postfix and must be able to
# reach the state folder; a repo under e.g. /root (mode 700) is not.
check_access() {
  local u
  for u in vmail dovecot dovenull postfix; do
    if ! setpriv --reuid="$u" --regid="$(id -g "$u")" --clear-groups test -x "$MAIL_DIR" 2>/dev/null; then
      die "user '$u' cannot reach $MAIL_DIR (a parent folder is not world-searchable); set MAEIL_MAIL_DIR to a folder under e.g. /var/tmp"
    fi
  done
}

valid_address() { [[ "$1" =~ ^[A-Za-z0-9._%+-]+@example\.test$ ]]; }

# Add or replace one passwd-file line "address:{PLAIN}password". The file is
# replaced by rename (never edited in place) under a lock; Dovecot notices a
# changed mtime/size on its next lookup, so no restart is needed. It compares
# mtime (seconds) and size only, so bump mtime if both would stay the same.
set_user() {
  local addr="${1,,}" pass="$2" old_mtime tmp
  valid_address "$addr" || die "address must look like name@$DOMAIN: '$1'"
  [[ -n "$pass" && "$pass" != *:* && "$pass" != *$'\n'* ]] || die "password must be non-empty without ':' or newline"
  (
    flock 9
    [[ -e "$USERS_FILE" ]] || : >"$USERS_FILE"
    old_mtime="$(stat -c %Y "$USERS_FILE")"
    tmp="$(mktemp "$USERS_FILE.XXXXXX")"
    awk -F: -v a="$addr" '$1 != a' "$USERS_FILE" >"$tmp"
    printf '%s:{PLAIN}%s\n' "$addr" "$pass" >>"$tmp"
    chown root:dovecot "$tmp"
    chmod 0640 "$tmp"
    mv -f "$tmp" "$USERS_FILE"
    if (($(stat -c %Y "$USERS_FILE") <= old_mtime)); then
      touch -d "@$((old_mtime + 1))" "$USERS_FILE"
    fi
  ) 9>"$USERS_FILE.lock"
  # Home for the new user, owned by vmail (Dovecot creates the Maildir).
  local home="$VMAIL_DIR/$DOMAIN/${addr%@*}"
  mkdir -p "$home"
  chown vmail:vmail "$VMAIL_DIR" "$VMAIL_DIR/$DOMAIN" "$home"
}

has_user() { awk -F: -v a="$1" '$1 == a { found = 1 } END { exit !found }' "$USERS_FILE"; }

ensure_demo_users() {
  local u
  for u in "${DEMO_USERS[@]}"; do
    has_user "$u@$DOMAIN" || set_user "$u@$DOMAIN" "$u-secret"
  done
}

# ---------------------------------------------------------------- layout
prepare_dirs() {
  mkdir -p "$ETC" "$PF_ETC" "$LOG_DIR" "$VMAIL_DIR/$DOMAIN" "$PF_QUEUE" "$PF_DATA" \
    "$DOVECOT_STATE" "$DOVECOT_RUN"
  chmod 0755 "$MAIL_DIR" "$ETC" "$PF_ETC" "$LOG_DIR" "$MAIL_DIR/postfix" "$MAIL_DIR/dovecot" \
    "$RUN_DIR"
  chown vmail:vmail "$VMAIL_DIR" "$VMAIL_DIR/$DOMAIN"
  chmod 0750 "$VMAIL_DIR"
  # [P] data_directory must belong to Postfix's mail_owner; the queue
  # directory itself to root (postfix-script creates its subfolders).
  chown root:root "$PF_QUEUE"
  chown postfix:postfix "$PF_DATA"
  [[ -e "$USERS_FILE" ]] || : >"$USERS_FILE"
  chown root:dovecot "$USERS_FILE"
  chmod 0640 "$USERS_FILE"
}

# ---------------------------------------------------------------- dovecot
write_dovecot_conf() {
  cat >"$DOVECOT_CONF" <<EOF
# Generated by scripts/mail-stack.sh; rewritten on every start.
base_dir = $DOVECOT_RUN
state_dir = $DOVECOT_STATE
log_path = $LOG_DIR/dovecot.log
protocols = imap lmtp
listen = $HOST

# Plaintext IMAP on loopback only; no TLS at all, and no imaps listener
# (it would bind 993 as root).
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_username_format = %Lu
auth_default_realm = $DOMAIN
# Wrong passwords are answered after ~0.5-1 s instead of 2 s (tests try them;
# Dovecot still batches failures every 500 ms).
auth_failure_delay = 0

# Mail is owned by vmail, never root [P: "userdb returned 0 as uid"].
first_valid_uid = $VMAIL_UID
mail_uid = $VMAIL_UID
mail_gid = $VMAIL_GID
# One Maildir folder per IMAP folder, same path as the IMAP name (fs layout,
# so '.' is allowed in names); INBOX lives in Maildir/INBOX.
mail_location = maildir:~/Maildir:LAYOUT=fs:INBOX=~/Maildir/INBOX
# fcntl locks made Dovecot panic ("Resource deadlock avoided") when two
# sessions of a brand-new user opened their index at the same moment.
lock_method = flock
# A webmail opens several connections per user, plus tests (default 10).
mail_max_userip_connections = 200
lda_mailbox_autocreate = yes
lda_mailbox_autosubscribe = yes

# Users: a passwd-file, re-read by Dovecot whenever it changes. The static
# userdb gives every user the same uid and a home by address; it checks that
# the user exists through the passdb (so LMTP rejects unknown users).
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $USERS_FILE
}
userdb {
  driver = static
  args = uid=$VMAIL_UID gid=$VMAIL_GID home=$VMAIL_DIR/%d/%n
}

namespace inbox {
  inbox = yes
  separator = /
  prefix =
  mailbox INBOX {
    auto = subscribe
  }
  # [P] one setting per line; "{" followed by text is a syntax error.
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
  mailbox Junk {
    special_use = \\Junk
    auto = subscribe
  }
  mailbox Archive {
    special_use = \\Archive
    auto = subscribe
  }
}

service imap-login {
  inet_listener imap {
    address = $HOST
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}

# No growing per-IP delay after failed logins (anvil's auth penalty): tests
# try wrong passwords on purpose, all from 127.0.0.1.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}

# Postfix delivers example.test here.
service lmtp {
  inet_listener lmtp {
    address = $HOST
    port = $LMTP_PORT
  }
}

# Postfix authenticates SMTP submissions against the same users (SASL).
service auth {
  inet_listener {
    address = $HOST
    port = $AUTH_PORT
  }
  unix_listener auth-userdb {
    mode = 0600
    user = root
  }
}
EOF
}

start_dovecot() {
  if dovecot_up; then return 0; fi
  local pid
  if pid="$(dovecot_pid)"; then
    log "dovecot (pid $pid) is running but not answering on its ports; restarting it"
    kill_and_wait "$pid"
  fi
  write_dovecot_conf
  # Daemonizes; stdio redirected so a caller piping this script never waits
  # on the servers [P]. The lock fd (8) is closed too, or the daemon would
  # hold this script's lock forever.
  if ! dovecot -c "$DOVECOT_CONF" </dev/null >>"$LOG_DIR/dovecot-start.log" 2>&1 8>&-; then
    log_tail "$LOG_DIR/dovecot-start.log" "$LOG_DIR/dovecot.log"
    die "dovecot failed to start"
  fi
  if ! wait_until dovecot_up; then
    log_tail "$LOG_DIR/dovecot-start.log" "$LOG_DIR/dovecot.log"
    die "dovecot did not answer on ports $IMAP_PORT/$LMTP_PORT/$AUTH_PORT within ${WAIT_SECONDS}s"
  fi
}

doveadm_() { doveadm -c "$DOVECOT_CONF" "$@"; }

# ---------------------------------------------------------------- postfix
# [P] Postfix only accepts a config directory other than /etc/postfix if the
# default main.cf lists it in alternate_config_directories. With "No
# configuration" there is no /etc/postfix/main.cf at all: create it empty.
# Entries whose folder no longer exists (old test dirs) are dropped.
register_postfix_dir() {
  local cur entry keep=() lockdir=/run/lock
  [[ -d "$lockdir" ]] || lockdir=/tmp
  mkdir -p /etc/postfix
  (
    # Stacks with other state folders may register at the same time.
    flock 7
    [[ -e /etc/postfix/main.cf ]] || : >/etc/postfix/main.cf
    cur="$(postconf -h alternate_config_directories 2>/dev/null || true)"
    for entry in ${cur//,/ }; do
      [[ "$entry" == "$PF_ETC" ]] && exit 0
      [[ -d "$entry" ]] && keep+=("$entry")
    done
    keep+=("$PF_ETC")
    postconf -e "alternate_config_directories = ${keep[*]}"
    # Backdated for the same reason as put_config (Postfix waits on new files).
    touch -d "@$(($(date +%s) - 60))" /etc/postfix/main.cf
  ) 7>"$lockdir/maeil-mail-stack-postfix.lock"
}

# Postfix refuses to read a main.cf/master.cf whose mtime is less than a
# second or two old (it polls every 0.3 s until it is), and every daemon it
# spawns does the same: a freshly written config made "start" and the first
# SMTP connection each take 2-4 s. So a config file is only replaced when its
# content changes, and then backdated.
put_config() {  # put_config DEST < content
  local dest="$1" tmp
  tmp="$(mktemp "$dest.XXXXXX")"
  cat >"$tmp"
  if cmp -s "$tmp" "$dest"; then
    rm -f "$tmp"
  else
    chmod 0644 "$tmp"
    mv -f "$tmp" "$dest"
    touch -d "@$(($(date +%s) - 60))" "$dest"
  fi
}

write_postfix_conf() {
  local template
  put_config "$PF_ETC/main.cf" <<EOF
# Generated by scripts/mail-stack.sh at start (replaced only when it changes).
compatibility_level = 3.6
queue_directory = $PF_QUEUE
data_directory = $PF_DATA
mail_owner = postfix
setgid_group = postdrop
# [P] maillog_file needs its folder in maillog_file_prefixes, and the postlog
# service (present in Debian's master.cf).
maillog_file = $LOG_DIR/postfix.log
maillog_file_prefixes = $LOG_DIR

myhostname = mail.$DOMAIN
mydomain = $DOMAIN
myorigin = $DOMAIN
mydestination =
inet_interfaces = $HOST
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
# [P] otherwise Postfix complains about /etc/aliases(.db).
alias_maps =
alias_database =
biff = no
append_dot_mydomain = no
smtpd_banner = \$myhostname ESMTP maeil test stack
smtp_host_lookup = native
lmtp_host_lookup = native
smtpd_peername_lookup = no

# example.test is delivered over LMTP to Dovecot (which rejects unknown
# users, so Postfix bounces those to the sender).
virtual_mailbox_domains = $DOMAIN
virtual_transport = lmtp:inet:$HOST:$LMTP_PORT

# Nothing ever leaves this machine: any other destination is refused at RCPT
# time (even when authenticated), and as a second fence every non-local
# transport is an error transport.
default_transport = error:5.7.1 maeil test stack never sends mail off this machine
relay_transport = error:5.7.1 maeil test stack never sends mail off this machine
smtpd_relay_restrictions = reject_unauth_destination
smtpd_recipient_restrictions = reject_unauth_destination

# SASL AUTH (PLAIN/LOGIN) through Dovecot, allowed without TLS: loopback only.
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = inet:$HOST:$AUTH_PORT
smtpd_sasl_security_options = noanonymous
smtpd_tls_security_level = none
smtpd_tls_auth_only = no

# Test-friendly timings: no flow-control pauses, quick retries.
in_flow_delay = 0
queue_run_delay = 10s
minimal_backoff_time = 10s
maximal_backoff_time = 60s
maximal_queue_lifetime = 1h
bounce_queue_lifetime = 1h
message_size_limit = 52428800
mailbox_size_limit = 0
EOF

  # [P] Debian's pristine master.cf is master.cf.proto when no master.cf was
  # written. Listen on HOST:SMTP_PORT instead of port 25, and no chroot for
  # any service (a chroot would need copies of system files in the queue).
  for template in /etc/postfix/master.cf.proto /usr/share/postfix/master.cf.dist /etc/postfix/master.cf; do
    [[ -r "$template" ]] && break
  done
  [[ -r "$template" ]] || die "no Postfix master.cf template found"
  awk -v listen="$HOST:$SMTP_PORT" '
    /^[^#[:space:]]/ && NF >= 8 {
      if ($1 == "smtp" && $2 == "inet") $1 = listen
      $5 = "n"
    }
    { print }
  ' "$template" | put_config "$PF_ETC/master.cf"
}

start_postfix() {
  if postfix_up; then return 0; fi
  local pid
  if pid="$(postfix_pid)"; then
    log "postfix (pid $pid) is running but not answering on $SMTP_PORT; restarting it"
    kill_and_wait "$pid"
  fi
  register_postfix_dir
  write_postfix_conf
  # [P] "postfix start" fails silently (exit 1) when stderr is not a tty;
  # on failure rerun its checks under script(1) to show why.
  if ! postfix -c "$PF_ETC" start </dev/null >>"$LOG_DIR/postfix-start.log" 2>&1 8>&-; then
    script -qc "postfix -c '$PF_ETC' check" /dev/null </dev/null >>"$LOG_DIR/postfix-start.log" 2>&1 || true
    log_tail "$LOG_DIR/postfix-start.log" "$LOG_DIR/postfix.log"
    die "postfix failed to start"
  fi
  if ! wait_until postfix_up; then
    log_tail "$LOG_DIR/postfix-start.log" "$LOG_DIR/postfix.log"
    die "postfix did not answer on port $SMTP_PORT within ${WAIT_SECONDS}s"
  fi
}

# ---------------------------------------------------------------- commands
cmd_start() {
  if dovecot_up && postfix_up; then return 0; fi
  cmd_install
  require_root start
  ensure_vmail_user
  prepare_dirs
  check_access
  ensure_demo_users
  start_dovecot
  start_postfix
  log "up: IMAP $HOST:$IMAP_PORT, SMTP $HOST:$SMTP_PORT (state: $MAIL_DIR)"
}

# SIGTERM to each master; Postfix's then stops its whole process group
# (smtpd, qmgr, ...), Dovecot's its services. Pids come from the pid files
# (Postfix's is space-padded [P]), checked against the process name.
cmd_stop() {
  local pids=() pid
  if pid="$(postfix_pid)"; then pids+=("$pid"); fi
  if pid="$(dovecot_pid)"; then pids+=("$pid"); fi
  kill_and_wait "${pids[@]}"
  rm -f "$PF_QUEUE/pid/master.pid" "$DOVECOT_RUN/master.pid"
}

# Postfix alone, for tests of what the app does while the submission server is down.
cmd_stop_smtp() {
  local pid
  if pid="$(postfix_pid)"; then kill_and_wait "$pid"; fi
  rm -f "$PF_QUEUE/pid/master.pid"
}

cmd_start_smtp() {
  require_root start-smtp
  start_postfix
}

cmd_status() {
  local ok=0 pid
  if dovecot_up; then
    pid="$(dovecot_pid)"
    echo "dovecot: up (pid $pid) imap $HOST:$IMAP_PORT lmtp $HOST:$LMTP_PORT auth $HOST:$AUTH_PORT"
  else
    echo "dovecot: down"
    ok=1
  fi
  if postfix_up; then
    pid="$(postfix_pid)"
    echo "postfix: up (pid $pid) smtp $HOST:$SMTP_PORT"
  else
    echo "postfix: down"
    ok=1
  fi
  echo "state: $MAIL_DIR"
  return "$ok"
}

cmd_add_user() {
  (($# == 2)) || die "usage: $0 add-user ADDRESS PASSWORD"
  require_root add-user
  ensure_vmail_user
  prepare_dirs
  set_user "$1" "$2"
  # Dovecot re-reads the passwd-file at most once a second (when its mtime or
  # size changed), so wait until its auth process accepts the new password:
  # afterwards IMAP logins and Postfix SASL (same auth process) do too.
  if dovecot_up; then
    local deadline=$((SECONDS + 5))
    until doveadm_ auth test "${1,,}" "$2" >/dev/null 2>&1; do
      ((SECONDS < deadline)) || die "dovecot does not accept the new user ${1,,} (see $LOG_DIR/dovecot.log)"
      sleep 0.2
    done
    create_mailboxes "${1,,}"
  fi
  log "user ${1,,} ready"
}

# A new user's first IMAP session creates INBOX and the special-use folders
# (auto = subscribe). Two first sessions at once (an app opening several
# connections right after sign-in) race for the mailbox list lock and can both
# stall for 60 s [P: seen in e2e], so one session does it here, alone: it lists
# the folders, then SELECTs each, which creates it.
create_mailboxes() {
  local user="$1" names
  names="$(printf 'a LIST "" "*"\r\nb LOGOUT\r\n' | doveadm_ exec imap -u "$user" 2>/dev/null |
    sed -n 's/^\* LIST ([^)]*) "[^"]*" //p' | tr -d '\r')"
  {
    while IFS= read -r box; do
      if [[ -n "$box" ]]; then printf 's SELECT %s\r\n' "$box"; fi
    done <<<"$names"
    printf 'z LOGOUT\r\n'
  } | doveadm_ exec imap -u "$user" >/dev/null 2>&1 || die "could not create the folders of $user (see $LOG_DIR/dovecot.log)"
}

cmd_deliver() {
  (($# == 1 || $# == 2)) || die "usage: $0 deliver ADDRESS [MAILBOX] < message.eml"
  local addr="${1,,}" box="${2:-INBOX}" rc=0
  cmd_start
  # dovecot-lda, run as root, switches to the user's uid (vmail) itself.
  /usr/lib/dovecot/dovecot-lda -c "$DOVECOT_CONF" -d "$addr" -m "$box" || rc=$?
  ((rc == 0)) || die "dovecot-lda could not deliver to $addr/$box (exit $rc; 67 = no such user)"
}

# ---------------------------------------------------------------- seed
# Seed mail is written straight into Maildir cur/ folders [P: fast]. The file
# name's time prefix and the file mtime are the message's Date header, so the
# internal date (= Maildir mtime) is meaningful and Dovecot hands out UIDs in
# date order. Flags are Maildir flags after ":2," (D draft, F flagged,
# R answered, S seen). scripts/seed/manifest.tsv says what goes where.
SEQ=0
# Ordinary (non-special-use) folders created for the demo, as user:folder.
# "Projects" is a real, selectable folder too, not just a path component.
EXTRA_FOLDERS=(alice:Projects alice:Projects/maeil)

maildir_of() {  # user folder -> Maildir folder path (LAYOUT=fs, INBOX apart)
  printf '%s/%s/%s/Maildir/%s\n' "$VMAIL_DIR" "$DOMAIN" "$1" "$2"
}

# Put one message file ($3) into user $1's folder $2 with flags $4, dated $5
# (epoch seconds).
store_message() {
  local user="$1" folder="$2" src="$3" flags="$4" epoch="$5" dir size name
  dir="$(maildir_of "$user" "$folder")"
  mkdir -p "$dir/cur" "$dir/new" "$dir/tmp"
  size="$(stat -c %s "$src")"
  SEQ=$((SEQ + 1))
  name="$epoch.M${SEQ}P$$.maeil-seed,S=$size:2,$flags"
  cp "$src" "$dir/cur/$name"
  touch -d "@$epoch" "$dir/cur/$name"
}

# Epoch seconds of a message file's Date header (first header block only).
date_of() {
  local d
  d="$(sed -n -e '/^\r\{0,1\}$/q' -e 's/^Date:[[:space:]]*//p' "$1" | head -n 1 | tr -d '\r')"
  [[ -n "$d" ]] || die "no Date header in $1"
  date -d "$d" +%s
}

# Generated plain-text filler mail: $3 messages for user $1's folder $2,
# deterministic (fixed dates going back from FILLER_NEWEST), older ones seen.
FILLER_NEWEST=1795428000 # 2026-11-23 10:00:00 UTC
FILLER_SENDERS=(
  "GitHub <noreply@github.example>"
  "Minji Park <minji.park@corp.example>"
  "Jira <jira@corp.example>"
  "Seoyeon Han <seoyeon@design.example>"
  "Calendar <calendar@corp.example>"
  "Tom Becker <tom@partner.example>"
  "Delivery Service <track@parcel.example>"
  "Security <security@corp.example>"
)
FILLER_SUBJECTS=(
  "[maeil] Pull request #%d: tidy up folder sync"
  "Notes from today's stand-up (%d)"
  "MAIL-%d: Message list is slow on large folders"
  "Mock-ups for the settings page, round %d"
  "Reminder: 1:1 tomorrow at 10:00 (#%d)"
  "Quarterly numbers, draft %d"
  "Your parcel %d has shipped"
  "New sign-in to your account (event %d)"
)
seed_fillers() {
  local user="$1" folder="$2" count="$3" i epoch flags k tmp
  tmp="$(mktemp)"
  for ((i = 0; i < count; i++)); do
    # ~2.6 days apart, with a deterministic jitter of a few hours.
    epoch=$((FILLER_NEWEST - i * 225000 - (i * 7919 % 4) * 3600 - ${#user} * 1800))
    k=$(((i + ${#user}) % ${#FILLER_SENDERS[@]}))
    flags=""
    ((i >= 3 && i % 5 != 4)) && flags="S"
    {
      printf 'From: %s\n' "${FILLER_SENDERS[$k]}"
      printf 'To: %s@%s\n' "$user" "$DOMAIN"
      # shellcheck disable=SC2059
      printf "Subject: ${FILLER_SUBJECTS[$k]}\n" "$((100 + i))"
      printf 'Date: %s\n' "$(LC_ALL=C date -u -d "@$epoch" '+%a, %d %b %Y %H:%M:%S +0000')"
      printf 'Message-ID: <filler-%s-%02d@seed.maeil.example>\n' "$user" "$i"
      printf 'MIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n'
      printf 'Content-Transfer-Encoding: 7bit\n\n'
      printf 'Hello %s,\n\nThis is generated seed message %d of %d for %s.\n' "$user" "$((i + 1))" "$count" "$folder"
      printf 'It exists so that the message list has enough rows to scroll.\n\n-- \n%s\n' "${FILLER_SENDERS[$k]%% <*}"
    } >"$tmp"
    store_message "$user" "$folder" "$tmp" "$flags" "$epoch"
  done
  rm -f "$tmp"
}

cmd_seed() {
  cmd_start
  local manifest="$SEED_DIR/manifest.tsv" user folder flags src u
  [[ -r "$manifest" ]] || die "missing $manifest"
  # Start from empty mailboxes: disconnect IMAP sessions, wipe the homes.
  for u in "${DEMO_USERS[@]}"; do
    doveadm_ kick "$u@$DOMAIN" >/dev/null 2>&1 || true
    rm -rf "${VMAIL_DIR:?}/$DOMAIN/$u"
    for folder in INBOX "${SPECIAL_FOLDERS[@]}"; do mkdir -p "$(maildir_of "$u" "$folder")"/{cur,new,tmp}; done
  done
  for u in "${EXTRA_FOLDERS[@]}"; do mkdir -p "$(maildir_of "${u%%:*}" "${u#*:}")"/{cur,new,tmp}; done
  while IFS=$'\t' read -r user folder flags src; do
    [[ -z "$user" || "$user" == \#* ]] && continue
    [[ "$flags" == "-" ]] && flags=""
    if [[ "$src" == filler:* ]]; then
      seed_fillers "$user" "$folder" "${src#filler:}"
    else
      [[ -r "$SEED_DIR/$src" ]] || die "manifest names missing file $src"
      store_message "$user" "$folder" "$SEED_DIR/$src" "$flags" "$(date_of "$SEED_DIR/$src")"
    fi
  done <"$manifest"
  for u in "${DEMO_USERS[@]}"; do chown -R vmail:vmail "$VMAIL_DIR/$DOMAIN/$u"; done
  # Special-use folders subscribe themselves (auto = subscribe); the extra
  # ones are subscribed through doveadm so the list is in Dovecot's format.
  for u in "${EXTRA_FOLDERS[@]}"; do
    doveadm_ mailbox subscribe -u "${u%%:*}@$DOMAIN" "${u#*:}"
  done
  # Have Dovecot index every seeded folder now. Otherwise a message delivered
  # (LMTP) before anyone opened the folder gets UID 1 and the seeded files
  # are numbered after it (seen here), breaking "UID order = date order".
  for u in "${DEMO_USERS[@]}"; do
    doveadm_ mailbox status -u "$u@$DOMAIN" messages '*' >/dev/null
  done
  log "seeded ${DEMO_USERS[*]} from $manifest"
}

# For the demo: seed only when alice's INBOX is empty (first run), so mail
# sent while playing with the demo survives a restart.
cmd_seed_if_empty() {
  cmd_start
  local count
  count="$(doveadm_ mailbox status -u "alice@$DOMAIN" messages INBOX 2>/dev/null || true)"
  count="${count##*messages=}"  # doveadm prints "INBOX messages=N"
  if [[ "$count" =~ ^[0-9]+$ ]] && ((count > 0)); then
    log "alice's INBOX has $count messages; not seeding"
    return 0
  fi
  cmd_seed
}

cmd_reset() {
  cmd_stop
  # Wipe only what this script creates, never the state folder itself.
  rm -rf "${MAIL_DIR:?}/etc" "${MAIL_DIR:?}/log" "${MAIL_DIR:?}/vmail" \
    "${MAIL_DIR:?}/postfix" "${MAIL_DIR:?}/dovecot" "${RUN_DIR:?}"
  cmd_start
  cmd_seed
}

usage() {
  cat <<EOF
usage: $0 COMMAND
  install                    apt-get install ${PACKAGES[*]} if missing
  start                      start Dovecot + Postfix (idempotent)
  stop                       stop both (idempotent)
  stop-smtp | start-smtp     stop or start Postfix alone (tests of a down SMTP server)
  status                     show state; exit 0 only if both are up
  seed                       recreate the demo users' mailboxes from scripts/seed
  seed-if-empty              seed only if alice's INBOX is empty (for the demo)
  reset                      stop, wipe state and mail, start, seed
  add-user ADDRESS PASSWORD  add (or re-password) a user@$DOMAIN, no restart
  deliver ADDRESS [MAILBOX]  deliver one raw message from stdin (dovecot-lda)
EOF
}

# One command at a time per state folder (parallel test workers may all call
# "start"). Released when this script exits; never inherited by the daemons.
lock_state() {
  [[ "$(id -u)" == 0 ]] || return 0
  mkdir -p "$MAIL_DIR"
  exec 8>"$MAIL_DIR/.mail-stack.lock"
  flock 8
}

main() {
  resolve_paths
  local cmd="${1:-}"
  (($# > 0)) && shift
  case "$cmd" in
    start | stop | stop-smtp | start-smtp | seed | seed-if-empty | reset | add-user | deliver) lock_state ;;
  esac
  case "$cmd" in
    install) cmd_install ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    stop-smtp) cmd_stop_smtp ;;
    start-smtp) cmd_start_smtp ;;
    status) cmd_status ;;
    seed) cmd_seed ;;
    seed-if-empty) cmd_seed_if_empty ;;
    reset) cmd_reset ;;
    add-user) cmd_add_user "$@" ;;
    deliver) cmd_deliver "$@" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
