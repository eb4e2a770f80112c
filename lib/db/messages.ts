import "server-only";
import { database } from "./database";
import type { RemoteHeader } from "@/lib/imap/fetch-headers";
import { searchDocument } from "@/lib/search/search-text";

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

/** UID -> flags of every cached message of a folder, for comparing with the server. */
export async function getCachedFlags(folderId: bigint): Promise<Map<number, string[]>> {
  const { pool } = await database();
  const { rows } = await pool.query<{ uid: string; flags: string[] }>("SELECT uid, flags FROM messages WHERE folder_id = $1", [folderId]);
  return new Map(rows.map((r) => [Number(r.uid), r.flags]));
}

/** The SQL expression that builds a message's weighted search vector from three prepared texts. */
const SEARCH_VECTOR_SQL = (a: string, b: string, c: string) =>
  `setweight(to_tsvector('simple', ${a}), 'A') || setweight(to_tsvector('simple', ${b}), 'B') || setweight(to_tsvector('simple', ${c}), 'C')`;

/** Body text beyond this is not indexed: tsvector positions stop at 16,383 anyway. */
const MAX_INDEXED_TEXT = 100_000;

type Person = { name: string; address: string };

/** The three weighted search texts of a message: subject (A), people (B), text (C). */
function searchDocs(subject: string, people: (Person | null)[], text: string) {
  return {
    doc_a: searchDocument(subject),
    doc_b: searchDocument(people.filter(Boolean).map((p) => `${p!.name} ${p!.address}`).join(" ")),
    doc_c: searchDocument(text.slice(0, MAX_INDEXED_TEXT)),
  };
}

/** Replaces a cached subject and sender name with a better decoding of them. */
export async function updateDecodedHeaders(messageId: bigint, headers: { subject: string; fromName: string }): Promise<void> {
  const { pool } = await database();
  await pool.query("UPDATE messages SET subject = $2, from_name = $3 WHERE id = $1", [messageId, headers.subject, headers.fromName]);
}

/** Re-indexes one message with its full body text, once the body is cached. */
export async function indexMessageText(
  messageId: bigint,
  message: { subject: string; from: Person | null; to: Person[]; cc: Person[]; text: string },
): Promise<void> {
  const { pool } = await database();
  const docs = searchDocs(message.subject, [message.from, ...message.to, ...message.cc], message.text);
  await pool.query(`UPDATE messages SET search_vector = ${SEARCH_VECTOR_SQL("$2", "$3", "$4")} WHERE id = $1`, [
    messageId, docs.doc_a, docs.doc_b, docs.doc_c,
  ]);
}

/** UID -> flags of the given cached messages (those not cached are absent). */
export async function getCachedFlagsFor(folderId: bigint, uids: number[]): Promise<Map<number, string[]>> {
  if (!uids.length) return new Map();
  const { pool } = await database();
  const { rows } = await pool.query<{ uid: string; flags: string[] }>(
    "SELECT uid, flags FROM messages WHERE folder_id = $1 AND uid = ANY($2::bigint[])",
    [folderId, uids],
  );
  return new Map(rows.map((r) => [Number(r.uid), r.flags]));
}

/** Of these UIDs, the ones whose body is not cached yet. */
export async function uidsWithoutBody(folderId: bigint, uids: number[]): Promise<number[]> {
  if (!uids.length) return [];
  const { pool } = await database();
  const { rows } = await pool.query<{ uid: string }>(
    `SELECT m.uid FROM messages m LEFT JOIN message_bodies b ON b.message_id = m.id
      WHERE m.folder_id = $1 AND m.uid = ANY($2::bigint[]) AND b.message_id IS NULL`,
    [folderId, uids],
  );
  return rows.map((r) => Number(r.uid));
}

/** How many messages of a folder are cached. */
export async function countCached(folderId: bigint): Promise<number> {
  const { pool } = await database();
  const { rows } = await pool.query<{ n: string }>("SELECT count(*) AS n FROM messages WHERE folder_id = $1", [folderId]);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Adds fetched headers in one statement, with their search vectors; a UID
 * already cached is left as it is (a resumed sync may fetch it twice).
 */
export async function insertHeaders(folderId: bigint, headers: (RemoteHeader & { snippet: string })[]): Promise<void> {
  if (!headers.length) return;
  const { pool } = await database();
  const rows = headers.map((h) => ({
    uid: h.uid,
    message_id: h.messageId,
    in_reply_to: h.inReplyTo,
    subject: h.subject,
    from_name: h.from?.name ?? "",
    from_address: h.from?.address ?? "",
    to_list: h.to,
    cc_list: h.cc,
    sent_at: h.sentAt?.toISOString() ?? null,
    received_at: h.receivedAt.toISOString(),
    size: h.size,
    flags: h.flags,
    has_attachments: h.hasAttachments,
    snippet: h.snippet,
    ...searchDocs(h.subject, [h.from, ...h.to, ...h.cc], h.snippet),
  }));
  await pool.query(
    `INSERT INTO messages (folder_id, uid, message_id, in_reply_to, subject, from_name, from_address, to_list, cc_list,
       sent_at, received_at, size, flags, seen, flagged, answered, has_attachments, snippet, search_vector)
     SELECT $1, r.uid, r.message_id, r.in_reply_to, r.subject, r.from_name, r.from_address, r.to_list, r.cc_list,
       r.sent_at, r.received_at, r.size, r.flags, '\\Seen' = ANY(r.flags), '\\Flagged' = ANY(r.flags), '\\Answered' = ANY(r.flags),
       r.has_attachments, r.snippet, ${SEARCH_VECTOR_SQL("r.doc_a", "r.doc_b", "r.doc_c")}
     FROM jsonb_to_recordset($2::jsonb) AS r(uid bigint, message_id text, in_reply_to text, subject text, from_name text,
       from_address text, to_list jsonb, cc_list jsonb, sent_at timestamptz, received_at timestamptz, size int, flags text[],
       has_attachments boolean, snippet text, doc_a text, doc_b text, doc_c text)
     ON CONFLICT (folder_id, uid) DO NOTHING`,
    // One bad string must not sink the whole batch: PostgreSQL rejects U+0000 in JSON text.
    [folderId, JSON.stringify(rows, (_key, value: unknown) => (typeof value === "string" ? value.replace(/\u0000/g, "") : value))],
  );
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

/** Removes messages that are gone from the server (or were moved away by us); returns how many were cached. */
export async function deleteByUids(folderId: bigint, uids: number[]): Promise<number> {
  if (!uids.length) return 0;
  const { pool } = await database();
  const { rowCount } = await pool.query("DELETE FROM messages WHERE folder_id = $1 AND uid = ANY($2::bigint[])", [folderId, uids]);
  if (rowCount) await recountFolder(folderId);
  return rowCount ?? 0;
}

/**
 * Recomputes a folder's total and unread counters from its cache, or takes
 * the total from the server (`serverTotal`) while a first sync is under way.
 */
export async function recountFolder(folderId: bigint, serverTotal?: number): Promise<void> {
  const { pool } = await database();
  await pool.query(
    `UPDATE folders SET total_count = COALESCE($2, (SELECT count(*) FROM messages WHERE folder_id = $1)),
       unread_count = (SELECT count(*) FROM messages WHERE folder_id = $1 AND NOT seen) WHERE id = $1`,
    [folderId, serverTotal ?? null],
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

/** Marks a folder's first (or rebuilt) sync as begun under this UIDVALIDITY, not yet complete. */
export async function startFolderSync(folderId: bigint, uidValidity: bigint): Promise<void> {
  const { pool } = await database();
  await pool.query(
    "UPDATE folders SET uid_validity = $2, uid_next = NULL, highest_modseq = NULL, synced_at = NULL WHERE id = $1",
    [folderId, uidValidity],
  );
}

/** Empties a folder's cache (after a UIDVALIDITY change). */
export async function clearFolderMessages(folderId: bigint): Promise<void> {
  const { pool } = await database();
  await pool.query("DELETE FROM messages WHERE folder_id = $1", [folderId]);
}
