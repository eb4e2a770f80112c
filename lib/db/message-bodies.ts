import "server-only";
import { database, db } from "./database";
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
  /** Every flag and keyword as last synced (e.g. "$MDNSent", RFC 3503). */
  flags: string[];
  body: CachedBody | null;
}

export interface CachedBody {
  text: string;
  html: string | null;
  hasRemoteContent: boolean;
  attachments: AttachmentInfo[];
  replyTo: MailAddress[];
  references: string[];
  /** Disposition-Notification-To: where the sender asked a read receipt to go, or null. */
  readReceiptTo: string | null;
  parserVersion: number;
}

/** A message of a folder with its cached body (null body: not fetched yet). One SQL join: it runs on every open. */
export async function getMessageDetail(folderId: bigint, uid: number): Promise<MessageDetail | null> {
  const { pool } = await database();
  const { rows } = await pool.query<{
    id: string; folder_id: string; uid: string; message_id: string | null; subject: string; from_name: string; from_address: string;
    to_list: MailAddress[]; cc_list: MailAddress[]; sent_at: Date | null; received_at: Date; seen: boolean; flagged: boolean;
    has_attachments: boolean; flags: string[]; text: string | null; html: string | null; has_remote_content: boolean | null;
    attachments: AttachmentInfo[] | null; reply_to: MailAddress[] | null; references: string[] | null; read_receipt_to: string | null;
    parser_version: number | null;
  }>(
    `SELECT m.id, m.folder_id, m.uid, m.message_id, m.subject, m.from_name, m.from_address, m.to_list, m.cc_list, m.sent_at,
            m.received_at, m.seen, m.flagged, m.has_attachments, m.flags,
            b.text, b.html, b.has_remote_content, b.attachments, b.reply_to, b."references", b.read_receipt_to, b.parser_version
       FROM messages m LEFT JOIN message_bodies b ON b.message_id = m.id
      WHERE m.folder_id = $1 AND m.uid = $2`,
    [folderId, uid],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: BigInt(r.id),
    folderId: BigInt(r.folder_id),
    uid: Number(r.uid),
    messageId: r.message_id,
    subject: r.subject,
    fromName: r.from_name,
    fromAddress: r.from_address,
    to: r.to_list,
    cc: r.cc_list,
    sentAt: r.sent_at,
    receivedAt: r.received_at,
    seen: r.seen,
    flagged: r.flagged,
    hasAttachments: r.has_attachments,
    flags: r.flags ?? [],
    body:
      r.parser_version === null
        ? null
        : {
            text: r.text ?? "",
            html: r.html,
            hasRemoteContent: r.has_remote_content ?? false,
            attachments: r.attachments ?? [],
            replyTo: r.reply_to ?? [],
            references: r.references ?? [],
            readReceiptTo: r.read_receipt_to,
            parserVersion: r.parser_version,
          },
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
    readReceiptTo: body.readReceiptTo,
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
  // The folder's counters follow by themselves (triggers, see the two_pass_sync migration).
}

/** Adds a keyword (e.g. "$MDNSent") to a cached message's flags, once. */
export async function addCachedKeyword(folderId: bigint, uid: number, keyword: string): Promise<void> {
  const { pool } = await database();
  await pool.query(
    "UPDATE messages SET flags = array_append(flags, $3) WHERE folder_id = $1 AND uid = $2 AND NOT ($3 = ANY(flags))",
    [folderId, uid, keyword],
  );
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
