import "server-only";
import type { AccountRecord } from "@/lib/db/accounts";
import { getMessageDetail, getMessageLocation } from "@/lib/db/message-bodies";
import { localizedError } from "@/lib/i18n/server-errors";
import { formatAddress } from "@/lib/mime/addresses";
import { getMessageBody } from "./get-message";
import { buildReplyDraft, type ReplyMode } from "./reply-draft";

/** The compose form's starting values for replying to, or forwarding, one of the account's messages. */
export interface ReplyFormValues {
  to: string;
  cc: string;
  subject: string;
  body: string;
  bodyHtml: string;
  inReplyTo: string;
  references: string;
  original: string;
}

/** Loads the original (its body from the cache, or the server) and drafts the reply or forward. */
export async function getReplyDraft(account: AccountRecord, messageId: bigint, mode: ReplyMode): Promise<ReplyFormValues> {
  const location = await getMessageLocation(account.id, messageId);
  const message = location && (await getMessageDetail(location.folderId, location.uid));
  if (!location || !message) throw localizedError("NOT_FOUND", "replyToGone");
  const body = await getMessageBody(account, location.path, message);
  const draft = buildReplyDraft(
    {
      messageId: message.messageId,
      subject: message.subject,
      from: message.fromAddress ? { name: message.fromName, address: message.fromAddress } : null,
      to: message.to,
      cc: message.cc,
      replyTo: body.replyTo ?? [],
      references: body.references ?? [],
      date: message.sentAt ?? message.receivedAt,
      text: body.text,
      // Remote images stay out of a quote (outgoing HTML keeps only our own inline parts).
      html: body.html,
    },
    mode,
    [account.email],
    // The server does not know the reader's time zone; UTC, said so, is never wrong.
    (date) => `${new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(date)} UTC`,
  );
  return {
    to: draft.to.map(formatAddress).join(", "),
    cc: draft.cc.map(formatAddress).join(", "),
    subject: draft.subject,
    body: draft.body,
    bodyHtml: draft.bodyHtml,
    inReplyTo: draft.inReplyTo ?? "",
    references: draft.references.join(" "),
    // Forwarding does not answer the original.
    original: mode === "forward" || mode === "attach" ? "" : String(messageId),
  };
}
