import "server-only";
import type { AccountRecord } from "@/lib/db/accounts";
import type { MessageDetail } from "@/lib/db/message-bodies";
import { fetchPart } from "@/lib/imap/fetch-part";
import { parseMessage, type MailAddress } from "@/lib/mime/parse-message";
import { withAccountImap } from "./account-imap";

/** A forwarded message (message/rfc822 attachment) as the reader shows it inside the message. */
export interface AttachedMessage {
  part: string;
  subject: string;
  from: MailAddress | null;
  to: MailAddress[];
  date: Date | null;
  text: string;
  attachmentNames: string[];
}

/** Attached messages larger than this are offered as a download only. */
const MAX_SHOWN_BYTES = 5 * 1024 * 1024;

/**
 * Decodes the message/rfc822 attachments of an opened message so the
 * reader can show them in place, as mail clients do for forwards. Their
 * HTML is shown as text: only the outer message gets the sandboxed frame.
 */
export async function getAttachedMessages(account: AccountRecord, path: string, message: MessageDetail): Promise<AttachedMessage[]> {
  const parts = (message.body?.attachments ?? []).filter((a) => a.contentType === "message/rfc822" && a.size <= MAX_SHOWN_BYTES);
  if (!parts.length) return [];
  return withAccountImap(account, async (client) => {
    const shown: AttachedMessage[] = [];
    for (const attachment of parts) {
      const bytes = await fetchPart(client, path, message.uid, attachment.part, MAX_SHOWN_BYTES);
      if (!bytes) continue;
      const inner = await parseMessage(bytes);
      shown.push({
        part: attachment.part,
        subject: inner.subject,
        from: inner.from,
        to: inner.to,
        date: inner.date,
        text: inner.text,
        attachmentNames: inner.attachments.map((a) => a.filename),
      });
    }
    return shown;
  });
}
