import "server-only";
import { database, withTransaction } from "./database";
import type { RemoteHeader, RemoteListRow } from "@/lib/imap/fetch-headers";
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

/** A row of a folder's list, which also says whether its details (snippet, attachment marker) are still to come. */
export interface FolderListRow extends MessageSummary {
  needsDetails: boolean;
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
): Promise<FolderListRow[]> {
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
  const { rows } = await pool.query<SummaryRow & { needs_details: boolean }>(
    `SELECT ${SUMMARY_COLUMNS}, needs_details FROM messages WHERE folder_id = $1 ${where} ORDER BY ${order} LIMIT $2`,
    params,
  );
  if (before) rows.reverse();
  return rows.map((r) => ({ ...toSummary(r), needsDetails: r.needs_details }));
}

/** Above every IMAP UID (they are 32-bit, RFC 3501 2.3.1.1). */
export const UID_CEILING = 2 ** 32;

/** UID -> flags of the cached messages of a folder with UIDs in [from, below). */
export async function getCachedFlagsBetween(folderId: bigint, from: number, below: number): Promise<Map<number, string[]>> {
  const { pool } = await database();
  const { rows } = await pool.query<{ uid: string; flags: string[] }>(
    "SELECT uid, flags FROM messages WHERE folder_id = $1 AND uid >= $2 AND uid < $3",
    [folderId, from, below],
  );
  return new Map(rows.map((r) => [Number(r.uid), r.flags]));
}

/** The lowest cached UID of a folder (null when nothing is cached). */
export async function lowestCachedUid(folderId: bigint): Promise<number | null> {
  const { pool } = await database();
  const { rows } = await pool.query<{ uid: string | null }>("SELECT min(uid) AS uid FROM messages WHERE folder_id = $1", [folderId]);
  return rows[0]?.uid ? Number(rows[0].uid) : null;
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

/**
 * PostgreSQL rejects U+0000 in JSON text: one bad string must not sink a
 * whole batch. A replacer function costs a call per value, so it only runs
 * for the rare batch whose JSON holds the escape at all.
 */
function jsonWithoutNul(value: unknown): string {
  const json = JSON.stringify(value);
  if (!json.includes("\\u0000")) return json;
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "string" ? v.replace(/\u0000/g, "") : v));
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

/** The envelope columns of a list row, as jsonb_to_recordset reads them. */
const listRowJson = (h: RemoteListRow) => ({
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
});

const LIST_ROW_COLUMNS = `uid bigint, message_id text, in_reply_to text, subject text, from_name text, from_address text,
  to_list jsonb, cc_list jsonb, sent_at timestamptz, received_at timestamptz, size int, flags text[]`;

/**
 * Adds fetched headers with their details and search vectors in one
 * statement; a UID already cached is left as it is (a resumed sync may
 * fetch it twice).
 */
export async function insertHeaders(folderId: bigint, headers: (RemoteHeader & { snippet: string })[]): Promise<void> {
  if (!headers.length) return;
  const { pool } = await database();
  const rows = headers.map((h) => ({
    ...listRowJson(h),
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
     FROM jsonb_to_recordset($2::jsonb) AS r(${LIST_ROW_COLUMNS}, has_attachments boolean, snippet text, doc_a text, doc_b text, doc_c text)
     ON CONFLICT (folder_id, uid) DO NOTHING`,
    [folderId, jsonWithoutNul(rows)],
  );
}

/**
 * A sync's first pass: list rows without snippet, attachment marker and
 * search vector (computing the vector and keeping its GIN index up to date
 * is most of what an insert costs). They are marked `needs_details` for the
 * second pass. A UID already cached is left as it is.
 */
export async function insertListRows(folderId: bigint, rows: RemoteListRow[]): Promise<void> {
  if (!rows.length) return;
  const { pool } = await database();
  await pool.query(
    `INSERT INTO messages (folder_id, uid, message_id, in_reply_to, subject, from_name, from_address, to_list, cc_list,
       sent_at, received_at, size, flags, seen, flagged, answered, needs_details)
     SELECT $1, r.uid, r.message_id, r.in_reply_to, r.subject, r.from_name, r.from_address, r.to_list, r.cc_list,
       r.sent_at, r.received_at, r.size, r.flags, '\\Seen' = ANY(r.flags), '\\Flagged' = ANY(r.flags), '\\Answered' = ANY(r.flags), true
     FROM jsonb_to_recordset($2::jsonb) AS r(${LIST_ROW_COLUMNS})
     ON CONFLICT (folder_id, uid) DO NOTHING`,
    [folderId, jsonWithoutNul(rows.map(listRowJson))],
  );
}

/** A row waiting for the second pass, with what its search vector is built from. */
export interface PendingDetails {
  uid: number;
  subject: string;
  from: Person | null;
  to: Person[];
  cc: Person[];
}

/**
 * The newest `limit` rows of a folder still waiting for their details, with
 * UIDs below `belowUid` when given (the partial index finds them).
 */
export async function pendingDetails(folderId: bigint, limit: number, belowUid?: number): Promise<PendingDetails[]> {
  const { pool } = await database();
  const { rows } = await pool.query<{ uid: string; subject: string; from_name: string; from_address: string; to_list: Person[]; cc_list: Person[] }>(
    `SELECT uid, subject, from_name, from_address, to_list, cc_list FROM messages
      WHERE folder_id = $1 AND needs_details AND uid < $3 ORDER BY uid DESC LIMIT $2`,
    [folderId, limit, belowUid ?? UID_CEILING],
  );
  return rows.map((r) => ({
    uid: Number(r.uid),
    subject: r.subject,
    from: r.from_address || r.from_name ? { name: r.from_name, address: r.from_address } : null,
    to: r.to_list,
    cc: r.cc_list,
  }));
}

/** Whether any row of the folder still waits for its details. */
export async function hasPendingDetails(folderId: bigint): Promise<boolean> {
  const { pool } = await database();
  const { rows } = await pool.query("SELECT 1 FROM messages WHERE folder_id = $1 AND needs_details LIMIT 1", [folderId]);
  return rows.length > 0;
}

/**
 * Stores the second pass's findings and the search vector built from them.
 * A message whose body was cached meanwhile keeps the vector its full text
 * gave it (lib/mail/get-message.ts).
 */
export async function saveDetails(
  folderId: bigint,
  details: (PendingDetails & { hasAttachments: boolean; snippet: string })[],
): Promise<void> {
  if (!details.length) return;
  const { pool } = await database();
  const rows = details.map((d) => ({
    uid: d.uid,
    has_attachments: d.hasAttachments,
    snippet: d.snippet,
    ...searchDocs(d.subject, [d.from, ...d.to, ...d.cc], d.snippet),
  }));
  await pool.query(
    `UPDATE messages m SET has_attachments = r.has_attachments, snippet = r.snippet, needs_details = false,
       search_vector = CASE WHEN EXISTS (SELECT 1 FROM message_bodies b WHERE b.message_id = m.id) THEN m.search_vector
                            ELSE ${SEARCH_VECTOR_SQL("r.doc_a", "r.doc_b", "r.doc_c")} END
     FROM jsonb_to_recordset($2::jsonb) AS r(uid bigint, has_attachments boolean, snippet text, doc_a text, doc_b text, doc_c text)
     WHERE m.folder_id = $1 AND m.uid = r.uid AND m.needs_details`,
    [folderId, jsonWithoutNul(rows)],
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

/** Marks one cached message read (after STORE +FLAGS \Seen on the server). */
export async function markCachedSeen(folderId: bigint, uid: number): Promise<void> {
  const { pool } = await database();
  await pool.query(
    `UPDATE messages SET seen = true, flags = array_append(array_remove(flags, '\\Seen'), '\\Seen')
      WHERE folder_id = $1 AND uid = $2 AND NOT seen`,
    [folderId, uid],
  );
}

/**
 * Removes messages that are gone from the server (or were moved away by us);
 * returns how many were cached. The folder's counters follow by themselves
 * (the triggers of migration 20261124100000_two_pass_sync).
 */
export async function deleteByUids(folderId: bigint, uids: number[]): Promise<number> {
  if (!uids.length) return 0;
  const { pool } = await database();
  const { rowCount } = await pool.query("DELETE FROM messages WHERE folder_id = $1 AND uid = ANY($2::bigint[])", [folderId, uids]);
  return rowCount ?? 0;
}

/** Removes cached messages with UIDs below `uid`: what a walk down to the first message did not find on the server. */
export async function deleteBelowUid(folderId: bigint, uid: number): Promise<number> {
  const { pool } = await database();
  const { rowCount } = await pool.query("DELETE FROM messages WHERE folder_id = $1 AND uid < $2", [folderId, uid]);
  return rowCount ?? 0;
}

/** Folder counters from the cache itself ($1: the folder id). */
const COUNT_CACHE =
  "total_count = (SELECT count(*) FROM messages WHERE folder_id = $1), unread_count = (SELECT count(*) FROM messages WHERE folder_id = $1 AND NOT seen)";

/**
 * Counts a folder's total and unread messages from its cache. Triggers keep
 * the counters of a synced folder in step with every write, so this is only
 * needed once, when a first sync completes (and as a repair). The folder
 * row is locked before counting: a concurrent write's trigger then either
 * ran before (and its rows are counted) or waits and adds its own delta.
 * While a first sync runs the counters are the server's, left alone here.
 */
export async function recountFolder(folderId: bigint): Promise<void> {
  await withTransaction(async (client) => {
    await client.query("SELECT 1 FROM folders WHERE id = $1 FOR UPDATE", [folderId]);
    await client.query(
      `UPDATE folders SET ${COUNT_CACHE} WHERE id = $1 AND synced_at IS NOT NULL`,
      [folderId],
    );
  });
}

/** While a first sync runs, the list says "n of N": N is the server's count. */
export async function setServerTotal(folderId: bigint, total: number): Promise<void> {
  const { pool } = await database();
  await pool.query("UPDATE folders SET total_count = $2 WHERE id = $1 AND synced_at IS NULL", [folderId, total]);
}

/**
 * Records where the folder's sync stands. The sync that completes a first
 * sync also counts the cache once, in the same transaction and under the
 * folder's row lock (see recountFolder): from then on triggers keep the counters.
 */
export async function saveFolderSyncState(
  folderId: bigint,
  state: { uidValidity: bigint; uidNext: number; highestModseq: bigint | null },
): Promise<void> {
  const { pool } = await database();
  const params = [folderId, state.uidValidity, state.uidNext, state.highestModseq];
  const SET = "uid_validity = $2, uid_next = $3, highest_modseq = $4, synced_at = now()";
  // The common case, every sync after the first: one statement.
  const { rowCount } = await pool.query(`UPDATE folders SET ${SET} WHERE id = $1 AND synced_at IS NOT NULL`, params);
  if (rowCount) return;
  await withTransaction(async (client) => {
    await client.query("SELECT 1 FROM folders WHERE id = $1 FOR UPDATE", [folderId]);
    await client.query(
      `UPDATE folders SET ${SET}, ${COUNT_CACHE} WHERE id = $1`,
      params,
    );
  });
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
