import "server-only";
import type { ImapFlow } from "imapflow";
import type { AccountRecord } from "@/lib/db/accounts";
import { getMessageDetail, saveMessageBody, type CachedBody, type MessageDetail } from "@/lib/db/message-bodies";
import { deleteByUids, indexMessageText, markCachedSeen, updateDecodedHeaders } from "@/lib/db/messages";
import { AppError } from "@/lib/errors";
import { localizedError } from "@/lib/i18n/server-errors";
import { fetchSource } from "@/lib/imap/fetch-source";
import { readMessage } from "@/lib/imap/read-message";
import { parseMessage, PARSER_VERSION } from "@/lib/mime/parse-message";
import { withAccountImap } from "./account-imap";
import { getFolderOrThrow } from "./get-folder";
import { syncMailbox } from "./sync-mail";

/** URL the reader uses for a part of a message (inline images, downloads). */
export const partUrl = (messageId: bigint, part: string) => `/api/messages/${messageId}/parts/${encodeURIComponent(part)}`;

const isCurrent = (body: CachedBody | null): body is CachedBody => body !== null && body.parserVersion === PARSER_VERSION;

/**
 * Fetches a message's source (BODY.PEEK: not marking it read), decodes it,
 * caches the body and indexes its text for search.
 */
async function fetchBody(client: ImapFlow, path: string, message: MessageDetail): Promise<CachedBody> {
  return cacheBody(message, await fetchSource(client, path, message.uid));
}

/** Decodes a fetched source, caches the body and indexes its text; null: the message is gone. */
async function cacheBody(message: MessageDetail, source: Buffer | null): Promise<CachedBody> {
  if (!source) {
    await deleteByUids(message.folderId, [message.uid]);
    throw localizedError("NOT_FOUND", "messageGone");
  }
  const parsed = await parseMessage(source, { cidUrl: (_cid, part) => partUrl(message.id, part) });
  const body: CachedBody = {
    text: parsed.text,
    html: parsed.html,
    hasRemoteContent: parsed.hasRemoteContent,
    attachments: parsed.attachments,
    replyTo: parsed.replyTo,
    references: parsed.references,
    readReceiptTo: parsed.readReceiptTo,
    parserVersion: PARSER_VERSION,
  };
  await saveMessageBody(message.id, body);
  // Our own decoding of the headers beats the server's envelope (raw 8-bit
  // subjects, mislabelled charsets): the list and reader use it from now on.
  const subject = parsed.subject || message.subject;
  const fromName = parsed.from?.address && parsed.from.address.toLowerCase() === message.fromAddress.toLowerCase() ? parsed.from.name : message.fromName;
  if (subject !== message.subject || fromName !== message.fromName) {
    await updateDecodedHeaders(message.id, { subject, fromName });
    message.subject = subject;
    message.fromName = fromName;
  }
  await indexMessageText(message.id, {
    subject: message.subject,
    from: message.fromAddress ? { name: message.fromName, address: message.fromAddress } : null,
    to: message.to,
    cc: message.cc,
    text: `${parsed.text}\n${parsed.attachments.map((a) => a.filename).join(" ")}`,
  });
  return body;
}

/** The decoded body of a cached message: from the cache, or fetched and cached now. */
export async function getMessageBody(account: AccountRecord, path: string, message: MessageDetail): Promise<CachedBody> {
  if (isCurrent(message.body)) return message.body;
  return withAccountImap(account, (client) => fetchBody(client, path, message));
}

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
  if (!message) throw localizedError("NOT_FOUND", "messageGone");

  const wanted = { source: !isCurrent(message.body), markSeen: !message.seen };
  if (wanted.source || wanted.markSeen) {
    // One mailbox open for both; decoding happens after the connection is handed back.
    const { found, source } = await withAccountImap(account, (client) => readMessage(client, path, uid, wanted));
    if (wanted.source) message.body = await cacheBody(message, source);
    if (wanted.markSeen && found) {
      // The folder's unread counter follows by itself (a trigger), with no recount.
      await markCachedSeen(folder.id, uid);
      message.seen = true;
    }
  }
  return message;
}

/**
 * Fetches and caches the bodies of messages not opened yet (one connection
 * for all), so that opening them later never waits on the server. Messages
 * gone or already cached are skipped; nothing is marked read.
 */
export async function prefetchBodies(account: AccountRecord, path: string, uids: number[]): Promise<number> {
  const folder = await getFolderOrThrow(account, path);
  const missing: MessageDetail[] = [];
  for (const uid of uids) {
    const message = await getMessageDetail(folder.id, uid);
    if (message && !isCurrent(message.body)) missing.push(message);
  }
  if (!missing.length) return 0;
  await withAccountImap(account, async (client) => {
    for (const message of missing) {
      await fetchBody(client, path, message).catch((error: unknown) => {
        if (!(error instanceof AppError && error.code === "NOT_FOUND")) throw error;
      });
    }
  });
  return missing.length;
}
