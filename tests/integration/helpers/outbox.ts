import { createDraft } from "@/lib/compose/drafts";
import type { DraftInput } from "@/lib/compose/draft-input";
import type { AccountRecord } from "@/lib/db/accounts";
import { queueDraftForSending } from "@/lib/outbox/queue-send";
import { runSubmission } from "@/lib/outbox/send-job";
import { getSubmission, type SubmissionSummary } from "@/lib/outbox/submissions";

/** A draft as the compose form would save it (plain text unless told otherwise). */
export const draftOf = (account: AccountRecord, fields: Partial<DraftInput>) => createDraft(account.id, { format: "text", ...fields });

/**
 * Queues a draft and runs its send job here, as the worker would once the
 * undo delay is over (tests set the account's delay to 0 first, or call
 * retrySubmissionNow).
 */
export async function sendDraftNow(account: AccountRecord, fields: Partial<DraftInput>): Promise<SubmissionSummary & { draftId: string }> {
  const draft = await draftOf(account, fields);
  const { submissionId } = await queueDraftForSending(account, draft.id, null);
  await runSubmission(submissionId);
  return { ...(await getSubmission(account.id, submissionId))!, draftId: draft.id };
}
