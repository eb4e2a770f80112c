import "server-only";
import { smtpLoginFor } from "@/lib/auth/account-credentials";
import { getAccountById, type AccountRecord } from "@/lib/db/accounts";
import { database, db, jsonOrNull } from "@/lib/db/database";
import { env } from "@/lib/env";
import type { StoredFailure } from "@/lib/errors";
import { inEnglish } from "@/lib/i18n/server-errors";
import { appendMessage } from "@/lib/imap/append-message";
import { findByMessageId } from "@/lib/imap/find-by-message-id";
import { withAccountImap } from "@/lib/mail/account-imap";
import { markAnswered } from "@/lib/mail/set-flag";
import { SubmitError, submitMessage, type RejectedRecipient, type TranscriptLine } from "@/lib/smtp/send";
import { enqueueSend } from "@/lib/jobs/queue";
import { recordSentRecipients } from "@/lib/compose/contacts";
import { finishDraftAfterSend } from "./draft-after-send";
import { specialFolder } from "./special-folder";

/** Transient failures are retried for about a day, then the draft comes back with the last error. */
const MAX_ATTEMPTS = 20;
const MAX_DELAY_MS = 15 * 60_000;

/** Backoff before attempt n+1: the configured first delay, doubled each time, capped. */
export function retryDelayMs(attempts: number, firstSeconds = env().MAEIL_SEND_RETRY_SECONDS): number {
  return Math.min(MAX_DELAY_MS, firstSeconds * 1000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Runs one attempt of one outbox entry, exactly once per message:
 * - a PostgreSQL advisory lock (held by this connection; a dead worker's
 *   lock goes with its connection) keeps two workers off the same entry;
 * - the SMTP server's acceptance is committed ("accepted") before anything
 *   else, so a crash after it only redoes the Sent copy, never the send.
 * The one window left is a crash between the server's final 250 and that
 * commit (milliseconds); RFC 5321 offers no way to ask the server afterwards.
 */
export async function runSubmission(submissionId: string): Promise<void> {
  const { pool } = await database();
  const lockClient = await pool.connect();
  try {
    const { rows } = await lockClient.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(7231, hashtext($1)) AS ok`, [submissionId]);
    // Another worker is on it; whatever it decides is final.
    if (!rows[0]?.ok) return;
    try {
      await attempt(submissionId);
    } finally {
      await lockClient.query(`SELECT pg_advisory_unlock(7231, hashtext($1))`, [submissionId]);
    }
  } finally {
    lockClient.release();
  }
}

async function attempt(submissionId: string): Promise<void> {
  const prisma = await db();
  const row = await prisma.submission.findUnique({ where: { id: submissionId } });
  if (!row || ["sent", "failed", "cancelled"].includes(row.state)) return;
  const account = await getAccountById(row.accountId);
  if (!account) return;

  const resumed = row.state === "accepted";
  if (!resumed) {
    // An early wake-up (clock skew, a "send now" race) just waits for its time.
    if (row.sendAt.getTime() > Date.now() + 1000) return enqueueSend(row.id, row.sendAt);
    await prisma.submission.update({ where: { id: row.id }, data: { state: "sending", attempts: { increment: 1 } } });
    const accepted = await submit(account, row);
    if (!accepted) return;
  }
  await saveSentCopy(account, Buffer.from(row.rawSentCopy), row.messageId, resumed);
  const done = await prisma.submission.update({ where: { id: row.id }, data: { state: "sent", finishedAt: new Date() }, select: { rejected: true } });
  if (row.originalId !== null) {
    // Replied-to messages carry \Answered (RFC 3501), which other clients show too.
    await markAnswered(account, row.originalId).catch((error: unknown) => console.error("[maeil] could not mark answered:", error));
  }
  const rejected = done.rejected as unknown as RejectedRecipient[];
  await finishDraftAfterSend(account, row.draftId, rejected);
  // Autocomplete ranks people the user writes to first.
  const refused = new Set(rejected.map((r) => r.address.toLowerCase()));
  await recordSentRecipients(account.id, row.recipients.filter((a) => !refused.has(a.toLowerCase())).map((address) => ({ name: "", address }))).catch(
    (error: unknown) => console.error("[maeil] could not update contacts:", error),
  );
}

/** Talks to the SMTP server; records the outcome. True when the server accepted the message. */
async function submit(
  account: AccountRecord,
  row: { id: string; envelopeFrom: string; recipients: string[]; raw: Uint8Array; requestDsn: boolean; attempts: number; draftId: string | null; createdAt: Date },
): Promise<boolean> {
  const prisma = await db();
  const attempts = row.attempts + 1;
  try {
    const result = await submitMessage(
      smtpLoginFor(account),
      { from: row.envelopeFrom, to: row.recipients },
      Buffer.from(row.raw),
      row.requestDsn ? { dsn: { envelopeId: row.id } } : {},
    );
    await prisma.submission.update({
      where: { id: row.id },
      data: {
        state: "accepted",
        acceptedAt: new Date(),
        lastError: null,
        lastErrorLocalized: jsonOrNull(null),
        nextAttemptAt: null,
        rejected: result.rejected as object[],
        transcript: result.transcript as object[],
        queueId: queueIdOf(result.response),
      },
    });
    return true;
  } catch (error) {
    const failure = error instanceof SubmitError ? error : null;
    const transcript = (failure?.transcript ?? []) as TranscriptLine[];
    if (failure?.transient && attempts < MAX_ATTEMPTS) {
      const next = new Date(Date.now() + retryDelayMs(attempts));
      await prisma.submission.update({
        where: { id: row.id },
        data: {
          state: "retrying", nextAttemptAt: next, lastError: failure.message, transcript: transcript as object[],
          lastErrorLocalized: jsonOrNull(failure.localized ? ([failure.localized] satisfies StoredFailure) : null),
        },
      });
      await enqueueSend(row.id, next);
      return false;
    }
    const message = failure?.message ?? (error instanceof Error ? error.message : String(error));
    const gaveUp = failure?.transient ? [{ key: "smtpGaveUp", values: { attempts: String(attempts) } } as const] : [];
    const lastError = [...gaveUp.map(inEnglish), message].join(" ");
    const lastErrorLocalized = jsonOrNull(failure?.localized ? ([...gaveUp, failure.localized] satisfies StoredFailure) : null);
    await prisma.$transaction([
      prisma.submission.update({
        where: { id: row.id },
        data: {
          state: "failed", finishedAt: new Date(), lastError, lastErrorLocalized,
          rejected: (failure?.rejected ?? []) as object[], transcript: transcript as object[],
        },
      }),
      // Back to Drafts, exactly as it was, with the reason to read.
      ...(row.draftId ? [prisma.draft.updateMany({ where: { id: row.draftId, state: "outbox" }, data: { state: "editing", lastError, lastErrorLocalized } })] : []),
    ]);
    return false;
  }
}

/** "250 2.0.0 Ok: queued as 4XyZ1" -> "4XyZ1" (Postfix, Exim and others say it this way). */
export function queueIdOf(response: string): string | null {
  return /queued as\s+([A-Za-z0-9.\-_]+)/i.exec(response)?.[1] ?? /\bid=([A-Za-z0-9.\-_]+)/i.exec(response)?.[1] ?? null;
}

/**
 * Appends the sender's copy to Sent. A failure throws, so the job retries
 * just this step; a retry first looks for a copy an earlier run left.
 */
async function saveSentCopy(account: AccountRecord, raw: Buffer, messageId: string, checkFirst: boolean): Promise<void> {
  const sent = await specialFolder(account, "\\Sent");
  if (!sent) return;
  await withAccountImap(account, async (client) => {
    if (checkFirst && (await findByMessageId(client, sent.path, messageId)).length) return;
    await appendMessage(client, sent.path, raw, ["\\Seen"]);
  });
}
