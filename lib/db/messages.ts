import "server-only";
import { database, db } from "./database";
import type { RemoteHeader } from "@/lib/imap/fetch-headers";

/** One row of a message list. */
export interface MessageSummary {
  id: bigint;
  uid: number;
  subject: string;
  fromName: string;
  fromAddress: string;
  receivedAt: Date;
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  hasAttachments: boolean;
  snippet: string;
}

/** Keyset position in a folder's newest-first order. */
export interface ListCursor {
  receivedAt: Date;
  uid: number;
}

interface SummaryRow {
  id: string; uid: string; subject: string; from_name: string; from_address: string; received_at: Date;
  seen: boolean; flagged: boolean; answered: boolean; has_attachments: boolean; snippet: string;
}

const SUMMARY_COLUMNS = "id, uid, subject, from_name, from_address, received_at, seen, flagged, answered, has_attachments, snippet";

const toSummary = (r: SummaryRow): MessageSummary => ({
  id: BigInt(r.id), uid: Number(r.uid), subject: r.subject, fromName: r.from_name, fromAddress: r.from_address,
  receivedAt: r.received_at, seen: r.seen, flagged: r.flagged, answered: r.answered, hasAttachments: r.has_attachments,
  snippet: r.snippet,
});

/**
 * A page of a folder, newest first, after (or before) a cursor. Keyset
 * paging with a row comparison on messages_folder_received_idx: the same
 * cost at any depth, where OFFSET would read every row it skips. (Plain SQL:
 * Prisma cannot express the row comparison that lets PostgreSQL use the index.)
 */
export async function listMessagePage(
  folderId: bigint,
  options: { after?: ListCursor; before?: ListCursor; limit: number },
): Promise<MessageSummary[]> {
  const { pool } = await database();
  const { after, before, limit } = options;
  const params: unknown[] = [folderId, limit];
  let where = "";
  if (after) {
    params.push(after.receivedAt, after.uid);
    where = "AND (received_at, uid) < ($3, $4)";
  } else if (before) {
    params.push(before.receivedAt, before.uid);
    where = "AND (received_at, uid) > ($3, $4)";
  }
  // Going back means reading upwards from the cursor, then flipping the page.
  const order = before ? "received_at ASC, uid ASC" : "received_at DESC, uid DESC";
  const { rows } = await pool.query<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM messages WHERE folder_id = $1 ${where} ORDER BY ${order} LIMIT $2`,
    params,
  );
  if (before) rows.reverse();
  return rows.map(toSummary);
}

/** How many messages sort before a cursor: the "51-100" in "51-100 of 312". */
export async function countNewerThan(folderId: bigint, cursor: ListCursor): Promise<number> {
  const { pool } = await database();
  const { rows } = await pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM messages WHERE folder_id = $1 AND (received_at, uid) > ($2, $3)",
    [folderId, cursor.receivedAt, cursor.uid],
  );
  return Number(rows[0]?.n ?? 0);
}

/** UID -> flags of every cached message of a folder, for comparing with the server. */
export async function getCachedFlags(folderId: bigint): Promise<Map<number, string[]>> {
  const { pool } = await database();
  const { rows } = await pool.query<{ uid: string; flags: string[] }>("SELECT uid, flags FROM messages WHERE folder_id = $1", [folderId]);
  return new Map(rows.map((r) => [Number(r.uid), r.flags]));
}

/** Adds fetched headers; a UID already cached is left as it is (a resumed sync may fetch it twice). */
export async function insertHeaders(folderId: bigint, headers: (RemoteHeader & { snippet: string })[]): Promise<void> {
  if (!headers.length) return;
  const prisma = await db();
  await prisma.message.createMany({
    skipDuplicates: true,
    data: headers.map((h) => ({
      folderId,
      uid: h.uid,
      messageId: h.messageId,
      inReplyTo: h.inReplyTo,
      subject: h.subject,
      fromName: h.from?.name ?? "",
      fromAddress: h.from?.address ?? "",
      toList: h.to,
      ccList: h.cc,
      sentAt: h.sentAt,
      receivedAt: h.receivedAt,
      size: h.size,
      flags: h.flags,
      seen: h.flags.includes("\\Seen"),
      flagged: h.flags.includes("\\Flagged"),
      answered: h.flags.includes("\\Answered"),
      hasAttachments: h.hasAttachments,
      snippet: h.snippet,
    })),
  });
}

/** Writes changed flags in one statement (the derived booleans follow the flags). */
export async function updateFlags(folderId: bigint, changes: { uid: number; flags: string[] }[]): Promise<void> {
  if (!changes.length) return;
  const { pool } = await database();
  await pool.query(
    `UPDATE messages m SET flags = v.flags,
       seen = '\\Seen' = ANY(v.flags), flagged = '\\Flagged' = ANY(v.flags), answered = '\\Answered' = ANY(v.flags)
     FROM jsonb_to_recordset($2::jsonb) AS v(uid bigint, flags text[])
     WHERE m.folder_id = $1 AND m.uid = v.uid`,
    [folderId, JSON.stringify(changes)],
  );
}

/** Removes messages that are gone from the server (or were moved away by us). */
export async function deleteByUids(folderId: bigint, uids: number[]): Promise<void> {
  if (!uids.length) return;
  const { pool } = await database();
  await pool.query("DELETE FROM messages WHERE folder_id = $1 AND uid = ANY($2::bigint[])", [folderId, uids]);
  await recountFolder(folderId);
}

/** Recomputes a folder's total and unread counters from its cache. */
export async function recountFolder(folderId: bigint): Promise<void> {
  const { pool } = await database();
  await pool.query(
    `UPDATE folders SET total_count = (SELECT count(*) FROM messages WHERE folder_id = $1),
       unread_count = (SELECT count(*) FROM messages WHERE folder_id = $1 AND NOT seen) WHERE id = $1`,
    [folderId],
  );
}

/**
 * Records where the folder's sync stands. A new UIDVALIDITY (RFC 3501 2.3.1.1)
 * means every cached UID is meaningless, so the cache is emptied first.
 */
export async function saveFolderSyncState(
  folderId: bigint,
  state: { uidValidity: bigint; uidNext: number; highestModseq: bigint | null },
): Promise<void> {
  const { pool } = await database();
  await pool.query(
    "UPDATE folders SET uid_validity = $2, uid_next = $3, highest_modseq = $4, synced_at = now() WHERE id = $1",
    [folderId, state.uidValidity, state.uidNext, state.highestModseq],
  );
  await recountFolder(folderId);
}

/** Empties a folder's cache (after a UIDVALIDITY change). */
export async function clearFolderMessages(folderId: bigint): Promise<void> {
  const { pool } = await database();
  await pool.query("DELETE FROM messages WHERE folder_id = $1", [folderId]);
}
