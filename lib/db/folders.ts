import "server-only";
import { database, db } from "./database";
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
 * Makes the cached folder list match the server's: new ones added, counts
 * refreshed, vanished ones removed with their cached messages.
 */
export async function saveFolderList(accountId: string, folders: RemoteFolder[]): Promise<void> {
  const prisma = await db();
  await prisma.$transaction([
    prisma.folder.deleteMany({ where: { accountId, path: { notIn: folders.map((f) => f.path) } } }),
    ...folders.map((f) => {
      const data = {
        name: f.name, delimiter: f.delimiter, parentPath: f.parentPath, specialUse: f.specialUse,
        subscribed: f.subscribed, selectable: f.selectable, totalCount: f.total, unreadCount: f.unread,
      };
      return prisma.folder.upsert({
        where: { accountId_path: { accountId, path: f.path } },
        create: { accountId, path: f.path, ...data },
        update: data,
      });
    }),
  ]);
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
