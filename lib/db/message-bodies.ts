import "server-only";
import { database, db } from "./database";
import { recountFolder } from "./messages";
import type { AttachmentInfo, MailAddress } from "@/lib/mime/parse-message";

/** A cached message with its decoded body, as the reader shows it. */
export interface MessageDetail {
  id: bigint;
  folderId: bigint;
  uid: number;
  messageId: string | null;
  subject: string;
  fromName: string;
  fromAddress: string;
  to: MailAddress[];
  cc: MailAddress[];
  sentAt: Date | null;
  receivedAt: Date;
  seen: boolean;
  flagged: boolean;
  hasAttachments: boolean;
  body: CachedBody | null;
}

export interface CachedBody {
  text: string;
  html: string | null;
  hasRemoteContent: boolean;
  attachments: AttachmentInfo[];
  replyTo: MailAddress[];
  references: string[];
  parserVersion: number;
}

/** A message of a folder with its cached body (null body: not fetched yet). */
export async function getMessageDetail(folderId: bigint, uid: number): Promise<MessageDetail | null> {
  const prisma = await db();
  const row = await prisma.message.findUnique({
    where: { folderId_uid: { folderId, uid } },
    include: { body: true },
  });
  if (!row) return null;
  return {
    id: row.id,
    folderId: row.folderId,
    uid: Number(row.uid),
    messageId: row.messageId,
    subject: row.subject,
    fromName: row.fromName,
    fromAddress: row.fromAddress,
    to: row.toList as unknown as MailAddress[],
    cc: row.ccList as unknown as MailAddress[],
    sentAt: row.sentAt,
    receivedAt: row.receivedAt,
    seen: row.seen,
    flagged: row.flagged,
    hasAttachments: row.hasAttachments,
    body: row.body
      ? {
          text: row.body.text,
          html: row.body.html,
          hasRemoteContent: row.body.hasRemoteContent,
          attachments: row.body.attachments as unknown as AttachmentInfo[],
          replyTo: row.body.replyTo as unknown as MailAddress[],
          references: row.body.references,
          parserVersion: row.body.parserVersion,
        }
      : null,
  };
}

/** Caches a decoded body (replacing an older decoding of the same message). */
export async function saveMessageBody(messageId: bigint, body: CachedBody): Promise<void> {
  const prisma = await db();
  const data = {
    text: body.text,
    html: body.html,
    hasRemoteContent: body.hasRemoteContent,
    attachments: body.attachments as unknown as object[],
    replyTo: body.replyTo as unknown as object[],
    references: body.references,
    parserVersion: body.parserVersion,
    fetchedAt: new Date(),
  };
  await prisma.messageBody.upsert({ where: { messageId }, create: { messageId, ...data }, update: data });
}

/** Sets or clears a flag on cached messages, keeping the flag list and its boolean in step. */
export async function setCachedFlag(
  folderId: bigint,
  uids: number[],
  flag: "\\Seen" | "\\Flagged" | "\\Answered",
  on: boolean,
): Promise<void> {
  if (!uids.length) return;
  const { pool } = await database();
  const column = ({ "\\Seen": "seen", "\\Flagged": "flagged", "\\Answered": "answered" } as const)[flag];
  await pool.query(
    `UPDATE messages SET ${column} = $4,
       flags = CASE WHEN $4 THEN array_append(array_remove(flags, $3), $3) ELSE array_remove(flags, $3) END
     WHERE folder_id = $1 AND uid = ANY($2::bigint[])`,
    [folderId, uids, flag, on],
  );
  await recountFolder(folderId);
}

/** Where a message lives, if it belongs to this account: the guard for routes that take a message id. */
export async function getMessageLocation(accountId: string, messageId: bigint): Promise<{ folderId: bigint; path: string; uid: number } | null> {
  const prisma = await db();
  const row = await prisma.message.findFirst({
    where: { id: messageId, folder: { accountId } },
    select: { folderId: true, uid: true, folder: { select: { path: true } } },
  });
  return row ? { folderId: row.folderId, path: row.folder.path, uid: Number(row.uid) } : null;
}
