"use server";
// The compose screen's mutations: start a draft, send it (through the
// outbox), undo, and ask how a send is going. Autosave is a route
// (app/api/drafts/[id]) so that it also works with keepalive on page exit.
import { redirect } from "next/navigation";
import { z } from "zod";
import { accountOrThrow } from "@/lib/auth/session";
import { draftSchema, sendRequestSchema } from "@/lib/compose/draft-input";
import { draftProblems } from "@/lib/compose/draft-problems";
import { openImapDraft } from "@/lib/compose/open-imap-draft";
import { startDraft } from "@/lib/compose/start-draft";
import { storedFailureText } from "@/lib/i18n/stored-failure";
import { userFailure, type UserFailure } from "@/lib/i18n/user-message";
import { cancelSubmission, retrySubmissionNow } from "@/lib/outbox/cancel";
import { queueDraftForSending } from "@/lib/outbox/queue-send";
import { getSubmission } from "@/lib/outbox/submissions";
import { getTranslator } from "@/lib/i18n/locale";

export type ComposeActionResult<T> = ({ ok: true } & T) | UserFailure;

/** Creates the draft on the first save (or upload); "forward as attachment" attaches the original. */
export async function startDraftAction(values: unknown, attachOriginal?: string): Promise<ComposeActionResult<{ draftId: string }>> {
  const input = draftSchema.safeParse(values);
  if (!input.success) {
    const problems = await draftProblems(input.error);
    return { ok: false, message: `${(await getTranslator())("serverErrors.draftNotSaved")} ${problems.message}`, errors: problems.errors };
  }
  const original = z.string().regex(/^\d{1,18}$/).optional().safeParse(attachOriginal);
  if (!original.success) return { ok: false, message: (await getTranslator())("serverErrors.forwardInvalid") };
  try {
    const draft = await startDraft(await accountOrThrow(), input.data, { attachOriginal: original.data === undefined ? undefined : BigInt(original.data) });
    return { ok: true, draftId: draft.id };
  } catch (error) {
    return userFailure(error, "start draft");
  }
}

/** Puts the (already saved) draft in the outbox: after the undo delay, or at the scheduled time. */
export async function sendDraftAction(request: unknown): Promise<ComposeActionResult<{ submissionId: string; sendAt: string }>> {
  const input = sendRequestSchema.safeParse(request);
  if (!input.success) {
    const t = await getTranslator();
    return { ok: false, message: t("serverErrors.pickValidTime"), errors: { sendAt: [t("serverErrors.invalidDateTime")] } };
  }
  try {
    const queued = await queueDraftForSending(await accountOrThrow(), input.data.draftId, input.data.sendAt ? new Date(input.data.sendAt) : null);
    return { ok: true, submissionId: queued.submissionId, sendAt: queued.sendAt.toISOString() };
  } catch (error) {
    return userFailure(error, "send");
  }
}

/** Undo send: the draft comes back to the editor. */
export async function undoSendAction(submissionId: string): Promise<ComposeActionResult<{ draftId: string }>> {
  try {
    const draftId = await cancelSubmission(await accountOrThrow(), z.uuid().parse(submissionId));
    return { ok: true, draftId };
  } catch (error) {
    return userFailure(error, "undo send");
  }
}

/** Sends a waiting (or retrying) message at once. */
export async function sendNowAction(submissionId: string): Promise<ComposeActionResult<object>> {
  try {
    await retrySubmissionNow(await accountOrThrow(), z.uuid().parse(submissionId));
    return { ok: true };
  } catch (error) {
    return userFailure(error, "send now");
  }
}

export interface SendStatus {
  state: string;
  sendAt: string;
  nextAttemptAt: string | null;
  lastError: string | null;
  rejected: { address: string; code: number | null; reply: string }[];
}

/** How a send is going (the compose screen polls this after Send). */
export async function sendStatusAction(submissionId: string): Promise<ComposeActionResult<{ status: SendStatus }>> {
  try {
    const row = await getSubmission((await accountOrThrow()).id, z.uuid().parse(submissionId));
    if (!row) return { ok: false, message: (await getTranslator())("serverErrors.notInOutbox") };
    return {
      ok: true,
      status: {
        state: row.state,
        sendAt: row.sendAt.toISOString(),
        nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
        lastError: await storedFailureText(row.lastError, row.lastErrorLocalized),
        rejected: row.rejected,
      },
    };
  } catch (error) {
    return userFailure(error, "send status");
  }
}

/** "Edit" on a message in the Drafts folder: continue it in the compose form. */
export async function editImapDraftAction(messageId: string): Promise<ComposeActionResult<object>> {
  let draftId: string;
  try {
    draftId = await openImapDraft(await accountOrThrow(), BigInt(z.string().regex(/^\d{1,18}$/).parse(messageId)));
  } catch (error) {
    return userFailure(error, "edit draft");
  }
  redirect(`/compose?draft=${draftId}`);
}
