import "server-only";
import { Readable } from "node:stream";
import { imapLoginFor } from "@/lib/auth/account-credentials";
import type { AccountRecord } from "@/lib/db/accounts";
import { getMessageDetail, getMessageLocation } from "@/lib/db/message-bodies";
import { AppError } from "@/lib/errors";
import { openImap } from "@/lib/imap/connect";
import { downloadPart } from "@/lib/imap/download-part";
import { getMessageBody } from "./get-message";

export interface AttachmentStream {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  filename: string;
  size: number | null;
}

/**
 * Streams one part of a message from the IMAP server to the browser. The
 * connection stays open exactly as long as the stream, so a 50 MB
 * attachment passes through in chunks and is never held in memory.
 */
export async function openAttachment(account: AccountRecord, messageId: bigint, part: string): Promise<AttachmentStream> {
  const location = await getMessageLocation(account.id, messageId);
  const message = location && (await getMessageDetail(location.folderId, location.uid));
  if (!location || !message) throw new AppError("NOT_FOUND", "This message no longer exists.");
  // The parsed structure says which parts exist and what they are: the
  // server would answer an unknown part number with an empty body.
  const body = await getMessageBody(account, location.path, message);
  const info = body.attachments.find((a) => a.part === part);
  if (!info) throw new AppError("NOT_FOUND", "This message has no such attachment.");

  const client = await openImap(imapLoginFor(account));
  const release = () => void client.logout().catch(() => client.close());
  let download;
  try {
    download = await downloadPart(client, location.path, location.uid, part);
  } catch (error) {
    release();
    throw new AppError("SERVER_ERROR", `The IMAP server could not send this attachment: ${(error as Error).message}`, { cause: error });
  }
  if (!download) {
    release();
    throw new AppError("NOT_FOUND", "This attachment no longer exists.");
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
  return {
    body: Readable.toWeb(download.stream) as ReadableStream<Uint8Array>,
    // The decoded name and size from our own parse beat the server's view of them.
    contentType: info.contentType,
    filename: info.filename,
    size: info.size,
  };
}
