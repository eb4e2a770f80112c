import "server-only";
import type { AccountRecord } from "@/lib/db/accounts";
import { getMessageDetail, saveMessageBody, setCachedFlag, type MessageDetail } from "@/lib/db/message-bodies";
import { deleteByUids } from "@/lib/db/messages";
import { AppError } from "@/lib/errors";
import { fetchSource } from "@/lib/imap/fetch-source";
import { storeFlag } from "@/lib/imap/store-flags";
import { parseMessage, PARSER_VERSION } from "@/lib/mime/parse-message";
import { withAccountImap } from "./account-imap";
import { getFolderOrThrow } from "./get-folder";
import { syncMailbox } from "./sync-mail";

/** URL the reader uses for a part of a message (inline images, downloads). */
export const partUrl = (messageId: bigint, part: string) => `/api/messages/${messageId}/parts/${encodeURIComponent(part)}`;

/**
 * Opens a message the way a reader expects: the body from the cache, or
 * fetched, decoded and cached on first open; and marked read (\Seen) on the
 * server and in the cache. Throws NOT_FOUND when it is gone.
 */
export async function getMessage(account: AccountRecord, path: string, uid: number): Promise<MessageDetail> {
  const folder = await getFolderOrThrow(account, path);
  let message = await getMessageDetail(folder.id, uid);
  if (!message) {
    // Opened from a link before the list caught up with new mail.
    await syncMailbox(account, path);
    message = await getMessageDetail(folder.id, uid);
  }
  if (!message) throw new AppError("NOT_FOUND", "This message no longer exists. It may have been moved or deleted.");

  const needsBody = !message.body || message.body.parserVersion !== PARSER_VERSION;
  if (needsBody || !message.seen) {
    const current = message;
    await withAccountImap(account, async (client) => {
      if (needsBody) {
        const source = await fetchSource(client, path, uid);
        if (!source) {
          await deleteByUids(folder.id, [uid]);
          throw new AppError("NOT_FOUND", "This message no longer exists on the server.");
        }
        const parsed = await parseMessage(source, { cidUrl: (_cid, part) => partUrl(current.id, part) });
        current.body = {
          text: parsed.text,
          html: parsed.html,
          hasRemoteContent: parsed.hasRemoteContent,
          attachments: parsed.attachments,
          parserVersion: PARSER_VERSION,
        };
        await saveMessageBody(current.id, current.body);
      }
      if (!current.seen) {
        await storeFlag(client, path, [uid], "\\Seen", true);
        await setCachedFlag(folder.id, [uid], "\\Seen", true);
        current.seen = true;
      }
    });
  }
  return message;
}
