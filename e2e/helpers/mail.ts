/** Mail-side helpers for specs: unique tags and delivery through the local mail stack. */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { ImapFlow } from "imapflow";
import { IMAP_PORT, MAIL_STACK } from "./e2e-env";

/** A short random tag for unique subjects: "m3k2x9-a1b2c3". */
export function uniqueTag(): string {
  return `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
}

/**
 * Delivers a raw RFC 5322 message to `to`'s mailbox (INBOX unless given)
 * through scripts/mail-stack.sh deliver (Dovecot's LDA), as arriving mail.
 */
export function deliverMessage(rawEml: string | Buffer, to: string, mailbox = "INBOX"): void {
  execFileSync("bash", [MAIL_STACK, "deliver", to, mailbox], {
    input: rawEml,
    stdio: ["pipe", "ignore", "pipe"],
    timeout: 60_000,
  });
}

/** A small plain-text (or HTML) message, ready for deliverMessage. */
export function rawMessage(options: { from: string; to: string; subject: string; body: string; html?: boolean }): string {
  return [
    `From: ${options.from}`,
    `To: ${options.to}`,
    `Subject: ${options.subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${uniqueTag()}@e2e.maeil.example>`,
    "MIME-Version: 1.0",
    `Content-Type: text/${options.html ? "html" : "plain"}; charset=utf-8`,
    "",
    options.body,
    "",
  ].join("\r\n");
}

/** Runs `work` as another mail client of the user's, logged in over IMAP (APPEND in bulk is far faster than delivery). */
export async function withImap<T>(user: { email: string; password: string }, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({ host: "127.0.0.1", port: IMAP_PORT, secure: false, auth: { user: user.email, pass: user.password }, logger: false });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** How many messages in the user's mailbox have exactly this subject (read over IMAP, as another client). */
export async function countWithSubject(user: { email: string; password: string }, mailbox: string, subject: string): Promise<number> {
  return withImap(user, async (client) => {
    const lock = await client.getMailboxLock(mailbox, { readOnly: true });
    try {
      const uids = await client.search({ header: { subject } }, { uid: true });
      if (!uids || !uids.length) return 0;
      let count = 0;
      for await (const m of client.fetch(uids.join(","), { envelope: true }, { uid: true })) if (m.envelope?.subject === subject) count++;
      return count;
    } finally {
      lock.release();
    }
  });
}
