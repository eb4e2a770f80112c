"use server";
// The outbox screen's actions: take a message back to the editor (Undo / Edit), send a
// retrying one now, and the count of messages on their way for the sidebar.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { accountOrThrow, currentAccount } from "@/lib/auth/session";
import { userMessage } from "@/lib/i18n/user-message";
import { cancelSubmission, retrySubmissionNow } from "@/lib/outbox/cancel";
import { countPendingSubmissions } from "@/lib/outbox/submissions";

const submissionId = z.uuid();

export interface OutboxActionResult {
  ok: boolean;
  message?: string;
}

/** Undo / Edit: the message leaves the outbox and opens in the editor. */
export async function editSubmissionAction(id: string): Promise<OutboxActionResult> {
  let draftId: string;
  try {
    draftId = await cancelSubmission(await accountOrThrow(), submissionId.parse(id));
  } catch (error) {
    return { ok: false, message: await userMessage(error, "undo send") };
  }
  revalidatePath("/outbox");
  redirect(`/compose?draft=${draftId}`);
}

/** Retry now: a message waiting to be retried is tried again at once. */
export async function retrySubmissionAction(id: string): Promise<OutboxActionResult> {
  try {
    await retrySubmissionNow(await accountOrThrow(), submissionId.parse(id));
    revalidatePath("/outbox");
    return { ok: true };
  } catch (error) {
    return { ok: false, message: await userMessage(error, "retry send") };
  }
}

/** How many messages are still on their way (0 when signed out). */
export async function outboxCountAction(): Promise<number> {
  const account = await currentAccount();
  return account ? countPendingSubmissions(account.id) : 0;
}
