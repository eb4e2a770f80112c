/**
 * The benchmark's own mail stack (scripts/mail-stack.sh with its state in
 * .data/bench-mail and its own ports, so it never disturbs the shared one),
 * the dataset in it, and small clients: LMTP delivery and a bare ImapFlow.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, chownSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { ImapFlow } from "imapflow";
import { DATASET_VERSION, generateMaildir, type DatasetManifest } from "./generate";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const BENCH_DATA = path.join(ROOT, ".data", "bench");
export const MAIL_DIR = path.join(ROOT, ".data", "bench-mail");
export const HOST = "127.0.0.1";
export const PORTS = { imap: 11143, smtp: 12525, lmtp: 12424, auth: 22345 };
export const USER = { email: "bench@example.test", password: "bench-secret" };
const MAIL_STACK = path.join(ROOT, "scripts", "mail-stack.sh");
const DOVECOT_CONF = path.join(MAIL_DIR, "etc", "dovecot.conf");
const MARKER = path.join(MAIL_DIR, "bench-dataset.json");
const HOME = path.join(MAIL_DIR, "vmail", "example.test", "bench");
const INBOX_DIR = path.join(HOME, "Maildir", "INBOX");

/** Environment for scripts/mail-stack.sh so it manages the bench stack, not the shared one. */
export const stackEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  MAEIL_MAIL_DIR: MAIL_DIR,
  MAEIL_IMAP_PORT: String(PORTS.imap),
  MAEIL_SMTP_PORT: String(PORTS.smtp),
  MAEIL_LMTP_PORT: String(PORTS.lmtp),
  MAEIL_AUTH_PORT: String(PORTS.auth),
});

function mailStack(...args: string[]): void {
  execFileSync("bash", [MAIL_STACK, ...args], { env: stackEnv(), stdio: ["ignore", "ignore", "inherit"], timeout: 180_000 });
}

export function startStack(): void {
  mailStack("start");
  mailStack("add-user", USER.email, USER.password);
}

export function stopStack(): void {
  if (!existsSync(DOVECOT_CONF)) return;
  mailStack("stop");
}

export function doveadm(...args: string[]): string {
  return execFileSync("doveadm", ["-c", DOVECOT_CONF, ...args], { encoding: "utf8", timeout: 600_000 });
}

/** A logged-in bare ImapFlow on the bench stack (no extras: the raw floor). */
export async function bareImap(): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: HOST, port: PORTS.imap, secure: false, doSTARTTLS: false,
    auth: { user: USER.email, pass: USER.password }, logger: false, disableAutoIdle: true,
  });
  client.on("error", () => {});
  await client.connect();
  return client;
}

/** The raw floor: one FETCH 1:* of `query` over INBOX on a bare ImapFlow, timed from the command to the last message. */
export async function rawFetch(query: Record<string, boolean>): Promise<{ ms: number; n: number }> {
  const client = await bareImap();
  try {
    await client.mailboxOpen("INBOX", { readOnly: true });
    const t = performance.now();
    let n = 0;
    for await (const m of client.fetch("1:*", query)) if (m.uid) n++;
    return { ms: performance.now() - t, n };
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/**
 * The dataset: reused when the marker says it was made by this generator
 * version with this size (and the Maildir is still there), else written anew.
 */
export async function ensureDataset(count: number, fresh: boolean, log: (line: string) => void): Promise<{ manifest: DatasetManifest; reused: boolean }> {
  if (!fresh && existsSync(MARKER) && existsSync(path.join(INBOX_DIR, "dovecot-uidlist"))) {
    const manifest = JSON.parse(readFileSync(MARKER, "utf8")) as DatasetManifest;
    if (manifest.version === DATASET_VERSION && manifest.count === count) return { manifest, reused: true };
  }
  log(`writing ${count.toLocaleString("en")} Maildir messages for ${USER.email} (once; --fresh rewrites them)`);
  rmSync(MARKER, { force: true });
  try {
    doveadm("kick", USER.email);
  } catch {
    // Nobody connected.
  }
  const vmailUid = Number(execFileSync("id", ["-u", "vmail"], { encoding: "utf8" }).trim());
  const vmailGid = Number(execFileSync("id", ["-g", "vmail"], { encoding: "utf8" }).trim());
  rmSync(path.join(HOME, "Maildir"), { recursive: true, force: true });
  mkdirSync(path.join(HOME, "Maildir"), { recursive: true });
  chownSync(path.join(HOME, "Maildir"), vmailUid, vmailGid);
  const manifest = generateMaildir({ inboxDir: INBOX_DIR, count, uid: vmailUid, gid: vmailGid, log });
  log(`  ${(manifest.bytes / 1e6).toFixed(0)} MB in ${manifest.seconds.toFixed(1)} s; Dovecot indexes them now`);
  const started = Date.now();
  doveadm("mailbox", "status", "-u", USER.email, "messages", "INBOX");
  // Warm Dovecot's cache file with what clients fetch (envelope, structure), once.
  const client = await bareImap();
  try {
    await client.mailboxOpen("INBOX", { readOnly: true });
    let n = 0;
    for await (const m of client.fetch("1:*", { uid: true, flags: true, envelope: true, bodyStructure: true, size: true, internalDate: true })) {
      if (m.uid) n++;
    }
    if (n !== count) throw new Error(`Dovecot sees ${n} messages, expected ${count}`);
  } finally {
    await client.logout().catch(() => client.close());
  }
  log(`  indexed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  writeFileSync(MARKER, JSON.stringify(manifest, null, 2));
  return { manifest, reused: false };
}

/**
 * Puts a reused dataset back as generated: removes mail delivered by earlier
 * runs (UIDs above the dataset) and marks the messages the benchmark opens
 * unread again (opening marks them read).
 */
export async function restoreDataset(manifest: DatasetManifest): Promise<void> {
  const client = await bareImap();
  try {
    await client.mailboxOpen("INBOX");
    const extra = await client.search({ uid: `${manifest.count + 1}:*` }, { uid: true });
    const stray = (extra || []).filter((uid) => uid > manifest.count);
    if (stray.length) await client.messageDelete(stray.join(","), { uid: true });
    await client.messageFlagsRemove(manifest.openUids.join(","), ["\\Seen"], { uid: true });
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Delivers one message over LMTP (how Postfix hands mail to Dovecot). Resolves when Dovecot accepted it. */
export function lmtpDeliver(to: string, raw: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(PORTS.lmtp, HOST);
    const steps = [`LHLO bench.example\r\n`, `MAIL FROM:<bench-sender@example.test>\r\n`, `RCPT TO:<${to}>\r\n`, `DATA\r\n`,
      `${raw.replace(/\r?\n/g, "\r\n").replace(/^\./gm, "..")}\r\n.\r\n`, `QUIT\r\n`];
    let buffer = "";
    let step = 0;
    socket.setTimeout(10_000, () => socket.destroy(new Error("LMTP timeout")));
    socket.on("error", reject);
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      // A complete reply: its last line has a space after the code.
      const lines = buffer.split("\r\n");
      const done = lines.slice(0, -1).find((l) => /^\d{3} /.test(l));
      if (!done) return;
      buffer = "";
      const code = Number(done.slice(0, 3));
      if (code >= 400) {
        socket.destroy();
        reject(new Error(`LMTP: ${done}`));
        return;
      }
      if (step === steps.length - 1 && code === 250) resolve(); // the per-recipient reply to DATA
      if (step < steps.length) socket.write(steps[step++]!);
      else socket.end();
    });
  });
}
