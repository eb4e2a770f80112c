import "server-only";
import { buildMessage } from "@/lib/compose/build-message";
import { getDraft } from "@/lib/compose/drafts";
import type { AccountRecord } from "@/lib/db/accounts";
import { db, jsonOrNull } from "@/lib/db/database";
import { localizedError } from "@/lib/i18n/server-errors";
import { enqueueSend } from "@/lib/jobs/queue";

export interface QueuedSend {
  submissionId: string;
  /** When it leaves: now + the account's undo delay, or the scheduled time. */
  sendAt: Date;
}

/**
 * Puts a draft in the outbox. The message is built here, once: its bytes and
 * Message-ID are fixed from now on, so every retry submits the same message
 * and the recipients can never get two different copies. The draft is kept
 * (locked) until the send is done, so Undo and a refused send give it back.
 */
export async function queueDraftForSending(account: AccountRecord, draftId: string, scheduledAt: Date | null): Promise<QueuedSend> {
  const draft = await getDraft(account.id, draftId);
  if (!draft) throw localizedError("NOT_FOUND", "draftGone");
  if (draft.state !== "editing") throw localizedError("INVALID_INPUT", "alreadyInOutbox");
  if (scheduledAt && scheduledAt.getTime() < Date.now() - 60_000) {
    throw localizedError("INVALID_INPUT", "scheduledPast", undefined, { fields: { sendAt: { key: "timePassed" } } });
  }
  const built = await buildMessage(account, draft);
  const prisma = await db();
  const submission = await prisma.$transaction(async (tx) => {
    const { undoSendSeconds } = await tx.account.findUniqueOrThrow({ where: { id: account.id }, select: { undoSendSeconds: true } });
    const locked = await tx.draft.updateMany({ where: { id: draftId, accountId: account.id, state: "editing" }, data: { state: "outbox", lastError: null, lastErrorLocalized: jsonOrNull(null) } });
    if (locked.count === 0) throw localizedError("INVALID_INPUT", "alreadyInOutbox");
    return tx.submission.create({
      data: {
        accountId: account.id,
        draftId,
        messageId: built.messageId,
        subject: built.subject,
        recipients: built.envelope.to,
        envelopeFrom: built.envelope.from,
        raw: new Uint8Array(built.wire),
        rawSentCopy: new Uint8Array(built.sentCopy),
        requestDsn: draft.requestDsn,
        originalId: draft.originalId === null ? null : BigInt(draft.originalId),
        sendAt: scheduledAt ?? new Date(Date.now() + undoSendSeconds * 1000),
      },
      select: { id: true, sendAt: true },
    });
  });
  // If this fails the submission still waits in the table; the worker's sweep picks it up.
  await enqueueSend(submission.id, submission.sendAt).catch((error: unknown) => console.error("[maeil] could not queue a send:", error));
  return { submissionId: submission.id, sendAt: submission.sendAt };
}
