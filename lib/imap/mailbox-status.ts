import "server-only";
import { createHash } from "node:crypto";
import type { ImapFlow, StatusObject } from "imapflow";
import { openImap, type ImapLogin } from "./connect";
import { processWide } from "@/lib/process-wide";

/**
 * STATUS (RFC 3501 6.3.10, HIGHESTMODSEQ from RFC 7162) of one mailbox, on a
 * connection per account kept for STATUS alone. Once a session has opened a
 * mailbox, Dovecot answers every later STATUS of it by syncing the mailbox,
 * which on a big Maildir costs about what SELECT does (~80 ms at 100,000
 * messages); a session that never opens one answers from its index in a
 * millisecond or two. The pooled connections (pool.ts) open mailboxes all
 * the time, so the "has anything changed?" check of every resync runs here.
 */

const IDLE_MS = 60_000;

interface Line {
  client: Promise<ImapFlow>;
  timer: ReturnType<typeof setTimeout> | null;
}

const lines = processWide("imap.statusLines", () => new Map<string, Line>());

// The password is part of the key, so a changed password never reuses an old session.
const keyOf = (login: ImapLogin) =>
  createHash("sha256").update([login.host, login.port, login.security, login.user, login.password].join("\u0000")).digest("hex");

function lineFor(login: ImapLogin): Line {
  const key = keyOf(login);
  let line = lines.get(key);
  if (!line) {
    const opened = openImap(login);
    const created: Line = { client: opened, timer: null };
    line = created;
    lines.set(key, created);
    opened.then(
      (client) => client.on("close", () => lines.get(key) === created && lines.delete(key)),
      () => lines.get(key) === created && lines.delete(key),
    );
  }
  if (line.timer) clearTimeout(line.timer);
  const current = line;
  line.timer = setTimeout(() => {
    if (lines.get(key) === current) lines.delete(key);
    void current.client.then((client) => client.logout().catch(() => client.close()), () => {});
  }, IDLE_MS);
  line.timer.unref?.();
  return line;
}

/**
 * UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ of a mailbox. Null when the server
 * has no CONDSTORE (nothing to compare a change against) or the question
 * could not be asked: the caller then syncs the long way.
 */
export async function mailboxStatus(login: ImapLogin, path: string): Promise<StatusObject | null> {
  try {
    const client = await lineFor(login).client;
    if (!client.capabilities.has("CONDSTORE")) return null;
    const status = await client.status(path, { uidNext: true, uidValidity: true, highestModseq: true });
    return status || null;
  } catch {
    return null;
  }
}
