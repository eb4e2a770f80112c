import "server-only";
import { database, withTransaction } from "./database";
import type { RemoteFolder } from "@/lib/imap/list-folders";

export interface FolderRecord {
  id: bigint;
  path: string;
  name: string;
  delimiter: string | null;
  parentPath: string | null;
  specialUse: string | null;
  selectable: boolean;
  totalCount: number;
  unreadCount: number;
  uidValidity: bigint | null;
  uidNext: bigint | null;
  highestModseq: bigint | null;
  syncedAt: Date | null;
}

// Reads on every page view are plain SQL: Prisma's query compiler costs
// several milliseconds per query, more than the query itself.
const COLUMNS = `id, path, name, delimiter, parent_path, special_use, selectable, total_count, unread_count,
  uid_validity, uid_next, highest_modseq, synced_at`;

interface FolderRow {
  id: string; path: string; name: string; delimiter: string | null; parent_path: string | null; special_use: string | null;
  selectable: boolean; total_count: number; unread_count: number; uid_validity: string | null; uid_next: string | null;
  highest_modseq: string | null; synced_at: Date | null;
}

const big = (value: string | null) => (value === null ? null : BigInt(value));
const toFolder = (r: FolderRow): FolderRecord => ({
  id: BigInt(r.id), path: r.path, name: r.name, delimiter: r.delimiter, parentPath: r.parent_path, specialUse: r.special_use,
  selectable: r.selectable, totalCount: r.total_count, unreadCount: r.unread_count, uidValidity: big(r.uid_validity),
  uidNext: big(r.uid_next), highestModseq: big(r.highest_modseq), syncedAt: r.synced_at,
});

async function queryFolders(where: string, params: unknown[]): Promise<FolderRecord[]> {
  const { pool } = await database();
  const { rows } = await pool.query<FolderRow>(`SELECT ${COLUMNS} FROM folders WHERE ${where}`, params);
  return rows.map(toFolder);
}

/**
 * Makes the cached folder list match the server's: new ones added, names
 * and hierarchy refreshed, vanished ones removed with their cached messages.
 * The server's counts are taken only for folders whose first sync has not
 * completed: a synced folder's counters follow its cache (kept by triggers,
 * see lib/db/messages.ts recountFolder), and mixing in the server's would
 * count a message twice once the sync brings it in.
 */
export async function saveFolderList(accountId: string, folders: RemoteFolder[]): Promise<void> {
  const rows = folders.map((f) => ({
    path: f.path, name: f.name, delimiter: f.delimiter, parent_path: f.parentPath, special_use: f.specialUse,
    subscribed: f.subscribed, selectable: f.selectable, total_count: f.total, unread_count: f.unread,
  }));
  await withTransaction(async (client) => {
    await client.query("DELETE FROM folders WHERE account_id = $1 AND NOT (path = ANY($2::text[]))", [accountId, folders.map((f) => f.path)]);
    await client.query(
      `INSERT INTO folders (account_id, path, name, delimiter, parent_path, special_use, subscribed, selectable, total_count, unread_count)
       SELECT $1, r.path, r.name, r.delimiter, r.parent_path, r.special_use, r.subscribed, r.selectable, r.total_count, r.unread_count
         FROM jsonb_to_recordset($2::jsonb) AS r(path text, name text, delimiter text, parent_path text, special_use text,
           subscribed boolean, selectable boolean, total_count int, unread_count int)
       ON CONFLICT (account_id, path) DO UPDATE SET name = EXCLUDED.name, delimiter = EXCLUDED.delimiter,
         parent_path = EXCLUDED.parent_path, special_use = EXCLUDED.special_use, subscribed = EXCLUDED.subscribed,
         selectable = EXCLUDED.selectable,
         total_count = CASE WHEN folders.synced_at IS NULL THEN EXCLUDED.total_count ELSE folders.total_count END,
         unread_count = CASE WHEN folders.synced_at IS NULL THEN EXCLUDED.unread_count ELSE folders.unread_count END`,
      [accountId, JSON.stringify(rows)],
    );
  });
}

/** All cached folders of an account (unordered; see lib/mail/folder-tree.ts). */
export function listFolders(accountId: string): Promise<FolderRecord[]> {
  return queryFolders("account_id = $1", [accountId]);
}

/** One cached folder by its IMAP path, or null. */
export async function getFolder(accountId: string, path: string): Promise<FolderRecord | null> {
  return (await queryFolders("account_id = $1 AND path = $2", [accountId, path]))[0] ?? null;
}

/** The account's folder with this special use (e.g. "\\Trash"), or null. */
export async function getSpecialFolder(accountId: string, specialUse: string): Promise<FolderRecord | null> {
  return (await queryFolders("account_id = $1 AND special_use = $2 ORDER BY path LIMIT 1", [accountId, specialUse]))[0] ?? null;
}
