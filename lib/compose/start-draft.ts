import "server-only";
import type { AccountRecord } from "@/lib/db/accounts";
import { openMessageSource } from "@/lib/mail/open-attachment";
import { attachmentLimitBytes, saveAttachmentStream } from "./attachment-store";
import { createDraft, deleteDraft, saveDraft, type DraftRecord } from "./drafts";
import type { DraftInput } from "./draft-input";
import { enqueueDraftCopy } from "@/lib/jobs/queue";
import { expungeMessages } from "@/lib/imap/move-messages";
import { withAccountImap } from "@/lib/mail/account-imap";

/**
 * Creates the draft the compose form saves into from now on. "Forward as
 * attachment" attaches the original message (message/rfc822, RFC 2046 5.2.1),
 * streamed from the server into the draft's attachments.
 */
export async function startDraft(account: AccountRecord, input: DraftInput, options: { attachOriginal?: bigint } = {}): Promise<DraftRecord> {
  const draft = await createDraft(account.id, input);
  if (options.attachOriginal !== undefined) {
    const source = await openMessageSource(account, options.attachOriginal);
    await saveAttachmentStream(draft.id, { filename: source.filename, contentType: "message/rfc822" }, source.body, attachmentLimitBytes());
  }
  await enqueueDraftCopy(draft.id);
  return draft;
}

/** An autosave: PostgreSQL now, the IMAP Drafts copy a few seconds later (a burst of saves makes one copy). */
export async function autosaveDraft(account: AccountRecord, draftId: string, input: DraftInput): Promise<DraftRecord> {
  const draft = await saveDraft(account.id, draftId, input);
  await enqueueDraftCopy(draft.id).catch((error: unknown) => console.error("[maeil] could not queue the draft's IMAP copy:", error));
  return draft;
}

/** Discards a draft: its row, attachments and IMAP copy. */
export async function discardDraft(account: AccountRecord, draftId: string): Promise<void> {
  const copy = await deleteDraft(account.id, draftId);
  if (copy) await withAccountImap(account, (client) => expungeMessages(client, copy.folder, [Number(copy.uid)]));
}
