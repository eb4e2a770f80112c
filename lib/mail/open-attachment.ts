import "server-only";
import { Readable } from "node:stream";
import { imapLoginFor } from "@/lib/auth/account-credentials";
import type { AccountRecord } from "@/lib/db/accounts";
import { getMessageDetail, getMessageLocation, type MessageDetail } from "@/lib/db/message-bodies";
import { localizedError } from "@/lib/i18n/server-errors";
import { openImap } from "@/lib/imap/connect";
import { downloadPart } from "@/lib/imap/download-part";
import { getMessageBody } from "./get-message";

export interface AttachmentStream {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  filename: string;
  size: number | null;
}

async function findMessage(account: AccountRecord, messageId: bigint): Promise<{ path: string; message: MessageDetail }> {
  const location = await getMessageLocation(account.id, messageId);
  const message = location && (await getMessageDetail(location.folderId, location.uid));
  if (!location || !message) throw localizedError("NOT_FOUND", "messageGone");
  return { path: location.path, message };
}

/**
 * Streams one part of a message (or, with no part, its whole source) from
 * the IMAP server. The connection stays open exactly as long as the stream,
 * so a 50 MB attachment passes through in chunks and is never held in memory.
 */
async function streamPart(account: AccountRecord, path: string, uid: number, part: string | undefined): Promise<ReadableStream<Uint8Array>> {
  const client = await openImap(imapLoginFor(account));
  const release = () => void client.logout().catch(() => client.close());
  let download;
  try {
    download = await downloadPart(client, path, uid, part);
  } catch (error) {
    release();
    throw localizedError("SERVER_ERROR", "partFailed", { said: (error as Error).message }, { cause: error });
  }
  if (!download) {
    release();
    throw localizedError("NOT_FOUND", "partGone");
  }
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    download.done();
    release();
  };
  download.stream.once("end", finish);
  download.stream.once("error", finish);
  download.stream.once("close", finish);
  return Readable.toWeb(download.stream) as ReadableStream<Uint8Array>;
}

/** Streams one attachment (or inline image), named and typed as our own parse decoded it. */
export async function openAttachment(account: AccountRecord, messageId: bigint, part: string): Promise<AttachmentStream> {
  const { path, message } = await findMessage(account, messageId);
  // The parsed structure says which parts exist and what they are: the
  // server would answer an unknown part number with an empty body.
  const body = await getMessageBody(account, path, message);
  const info = body.attachments.find((a) => a.part === part);
  if (!info) throw localizedError("NOT_FOUND", "noSuchAttachment");
  return {
    body: await streamPart(account, path, message.uid, part),
    contentType: info.contentType,
    filename: info.filename,
    size: info.size,
  };
}

/** Streams a message's raw RFC 5322 source ("Show original", "Download .eml"). */
export async function openMessageSource(account: AccountRecord, messageId: bigint): Promise<AttachmentStream> {
  const { path, message } = await findMessage(account, messageId);
  const name = (message.subject || "message").replace(/[\\/:*?"<>|\x00-\x1f]+/g, " ").trim().slice(0, 100) || "message";
  return {
    body: await streamPart(account, path, message.uid, undefined),
    contentType: "message/rfc822",
    filename: `${name}.eml`,
    size: null,
  };
}
