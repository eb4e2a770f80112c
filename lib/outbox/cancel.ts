import "server-only";
import type { AccountRecord } from "@/lib/db/accounts";
import { database, db, withTransaction } from "@/lib/db/database";
import { localizedError } from "@/lib/i18n/server-errors";
import { enqueueSend } from "@/lib/jobs/queue";

/**
 * Undo: takes a message back out of the outbox and returns its draft id, the
 * draft editable again. Only possible before an attempt has started talking
 * to the SMTP server; the row lock makes "undo" and "send" exclusive.
 */
export async function cancelSubmission(account: AccountRecord, submissionId: string): Promise<string> {
  return withTransaction(async (client) => {
    // A running attempt holds this lock (see send-job.ts): then it is too late.
    const busy = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock(7231, hashtext($1)) AS ok`, [submissionId]);
    const { rows } = await client.query<{ state: string; draft_id: string | null }>(
      `SELECT state, draft_id FROM submissions WHERE id = $1 AND account_id = $2 FOR UPDATE`,
      [submissionId, account.id],
    );
    const row = rows[0];
    if (!row) throw localizedError("NOT_FOUND", "notInOutbox");
    if (!busy.rows[0]?.ok || ["sending", "accepted", "sent"].includes(row.state)) {
      throw localizedError("INVALID_INPUT", "tooLateToUndo");
    }
    if (!["queued", "retrying"].includes(row.state)) throw localizedError("INVALID_INPUT", "notInOutbox");
    if (!row.draft_id) throw localizedError("NOT_FOUND", "outboxDraftGone");
    await client.query(`UPDATE submissions SET state = 'cancelled', finished_at = now() WHERE id = $1`, [submissionId]);
    await client.query(`UPDATE drafts SET state = 'editing', last_error = NULL, last_error_localized = NULL WHERE id = $1`, [row.draft_id]);
    return row.draft_id;
  });
}

/** "Retry now" / "Send now": a waiting or retrying message goes at once. */
export async function retrySubmissionNow(account: AccountRecord, submissionId: string): Promise<void> {
  const prisma = await db();
  const now = new Date();
  const updated = await prisma.submission.updateMany({
    where: { id: submissionId, accountId: account.id, state: { in: ["queued", "retrying"] } },
    data: { sendAt: now, nextAttemptAt: null },
  });
  if (!updated.count) throw localizedError("INVALID_INPUT", "notWaiting");
  await enqueueSend(submissionId);
}

/** Entries whose job may have been lost (e.g. the queue was down when they were made): queued again. */
export async function requeueStalledSubmissions(): Promise<number> {
  const { pool } = await database();
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id FROM submissions
      WHERE (state = 'queued' AND send_at < now() - interval '2 minutes')
         OR (state = 'retrying' AND next_attempt_at < now() - interval '2 minutes')
         OR (state IN ('sending', 'accepted') AND created_at < now() - interval '5 minutes')
      LIMIT 100`,
  );
  for (const { id } of rows) await enqueueSend(id);
  return rows.length;
}
