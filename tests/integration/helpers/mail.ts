/**
 * Helpers for integration tests against the real mail stack
 * (scripts/mail-stack.sh): fresh users, raw IMAP access as "another client",
 * delivery, fixtures and bounded polling. Nothing here is mocked.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ImapFlow } from "imapflow";

export const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
export const MAIL_STACK = path.join(ROOT, "scripts", "mail-stack.sh");
export const SEED_DIR = path.join(ROOT, "scripts", "seed", "messages");

/** Where the mail stack listens (same overrides as scripts/mail-stack.sh). */
export const IMAP_PORT = Number(process.env.MAEIL_IMAP_PORT ?? 1143);
export const SMTP_PORT = Number(process.env.MAEIL_SMTP_PORT ?? 2525);
export const HOST = "127.0.0.1";

export interface MailUser {
  email: string;
  password: string;
}

/** A short random tag for unique subjects and user names: "m3k2x9-a1b2c3". */
export function uniqueTag(): string {
  return `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
}

/**
 * A new, empty mailbox owner on the test stack (scripts/mail-stack.sh
 * add-user), ready to log in when this resolves.
 */
export async function createMailUser(label: string): Promise<MailUser> {
  const email = `t-${label}-${uniqueTag()}@example.test`.toLowerCase();
  const password = `pw-${randomBytes(6).toString("hex")}`;
  // Dovecot re-reads its passwd-file at most once a second, and add-user
  // waits until Dovecot accepts the new user (a failed check costs Dovecot's
  // ~0.5 s auth-failure delay). Starting on a fresh second, in which no lookup
  // has happened yet (test files run one at a time), makes the first check pass.
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20));
  const run = spawnSync("bash", [MAIL_STACK, "add-user", email, password], { stdio: ["ignore", "ignore", "pipe"], timeout: 60_000 });
  if (run.status !== 0) throw new Error(`scripts/mail-stack.sh add-user ${email} failed: ${String(run.stderr)}`);
  return { email, password };
}

/** Delivers a raw message through Dovecot's LDA (scripts/mail-stack.sh deliver), as new mail arrives. */
export function deliver(to: string, raw: string | Buffer, mailbox = "INBOX"): void {
  execFileSync("bash", [MAIL_STACK, "deliver", to, mailbox], { input: raw, stdio: ["pipe", "ignore", "pipe"], timeout: 60_000 });
}

/** Runs `work` as `user` on a separate IMAP connection: "another mail client". */
export async function asOtherClient<T>(user: MailUser, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: HOST,
    port: IMAP_PORT,
    secure: false,
    doSTARTTLS: false,
    auth: { user: user.email, pass: user.password },
    logger: false,
    disableAutoIdle: true,
  });
  client.on("error", () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** RFC 5322 wants CRLF; the seed files use LF. */
export const toCrlf = (text: string | Buffer): Buffer =>
  Buffer.from(text.toString("latin1").replace(/\r?\n/g, "\r\n"), "latin1");

/** A seed message (scripts/seed/messages/NAME) as raw CRLF bytes. */
export function seedMessage(name: string): Buffer {
  return toCrlf(readFileSync(path.join(SEED_DIR, name)));
}

/** A small plain-text message; the subject should carry a uniqueTag(). */
export function textMessage(options: { subject: string; from?: string; to: string; body?: string; date?: Date }): Buffer {
  const date = options.date ?? new Date();
  return toCrlf(
    Buffer.from(
      [
        `From: ${options.from ?? "Test Sender <sender@example.test>"}`,
        `To: ${options.to}`,
        `Subject: ${options.subject}`,
        `Date: ${date.toUTCString().replace("GMT", "+0000")}`,
        `Message-ID: <${uniqueTag()}@tests.maeil.example>`,
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        options.body ?? `Body of ${options.subject}`,
        "",
      ].join("\n"),
      "utf8",
    ),
  );
}

/**
 * Appends messages to a user's mailbox over IMAP; returns their UIDs in order.
 * Afterwards this client SELECTs the mailbox, as a mail client that had
 * filed them would, which takes the session-only \Recent flag (RFC 3501
 * 2.3.2) off them for every later session.
 */
export async function appendMessages(
  user: MailUser,
  mailbox: string,
  messages: { raw: Buffer; flags?: string[]; date?: Date }[],
): Promise<number[]> {
  return asOtherClient(user, async (client) => {
    const uids: number[] = [];
    for (const m of messages) {
      const res = await client.append(mailbox, m.raw, m.flags ?? [], m.date);
      if (!res || !res.uid) throw new Error(`APPEND to ${mailbox} returned no UID`);
      uids.push(res.uid);
    }
    const lock = await client.getMailboxLock(mailbox);
    lock.release();
    return uids;
  });
}

/** Opens a mailbox read-write (SELECT) as another client: it claims \Recent there. */
export async function selectAsOtherClient(user: MailUser, mailbox: string): Promise<void> {
  await asOtherClient(user, async (client) => {
    const lock = await client.getMailboxLock(mailbox);
    lock.release();
  });
}

/** UID -> { subject, flags } of every message in a user's mailbox, read over IMAP. */
export async function listServerMailbox(
  user: MailUser,
  mailbox: string,
): Promise<Map<number, { subject: string; flags: Set<string>; messageId: string }>> {
  return asOtherClient(user, async (client) => {
    const result = new Map<number, { subject: string; flags: Set<string>; messageId: string }>();
    const lock = await client.getMailboxLock(mailbox, { readOnly: true });
    try {
      if (!client.mailbox || client.mailbox.exists === 0) return result;
      for await (const m of client.fetch("1:*", { uid: true, flags: true, envelope: true }, { uid: true })) {
        result.set(m.uid, {
          subject: m.envelope?.subject ?? "",
          flags: new Set(m.flags ?? []),
          messageId: m.envelope?.messageId ?? "",
        });
      }
    } finally {
      lock.release();
    }
    return result;
  });
}

/** Polls `probe` until it returns a value other than undefined/false, for at most `timeoutMs`. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  what: string,
  { timeoutMs = 20_000, intervalMs = 200 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Waits (bounded) until a message with this subject is in the user's mailbox; returns its raw source. */
export async function waitForMessage(user: MailUser, mailbox: string, subject: string): Promise<{ uid: number; flags: Set<string>; source: Buffer }> {
  const uid = await waitFor(async () => {
    for (const [uid, m] of await listServerMailbox(user, mailbox)) if (m.subject === subject) return uid;
    return undefined;
  }, `"${subject}" in ${user.email}/${mailbox}`);
  return asOtherClient(user, async (client) => {
    const lock = await client.getMailboxLock(mailbox, { readOnly: true });
    try {
      const m = await client.fetchOne(String(uid), { uid: true, flags: true, source: true }, { uid: true });
      if (!m || !m.source) throw new Error(`UID ${uid} vanished from ${mailbox}`);
      return { uid, flags: new Set(m.flags ?? []), source: m.source };
    } finally {
      lock.release();
    }
  });
}

/** Raw source of the message with this subject in the user's INBOX, once it has arrived. */
export async function sourceOf(user: MailUser, subject: string): Promise<Buffer> {
  return (await waitForMessage(user, "INBOX", subject)).source;
}
