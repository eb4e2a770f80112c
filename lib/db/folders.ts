import "server-only";
import { db } from "./database";
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

const SELECT = {
  id: true, path: true, name: true, delimiter: true, parentPath: true, specialUse: true, selectable: true,
  totalCount: true, unreadCount: true, uidValidity: true, uidNext: true, highestModseq: true, syncedAt: true,
} as const;

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
export async function listFolders(accountId: string): Promise<FolderRecord[]> {
  const prisma = await db();
  return prisma.folder.findMany({ where: { accountId }, select: SELECT });
}

/** One cached folder by its IMAP path, or null. */
export async function getFolder(accountId: string, path: string): Promise<FolderRecord | null> {
  const prisma = await db();
  return prisma.folder.findUnique({ where: { accountId_path: { accountId, path } }, select: SELECT });
}

/** The account's folder with this special use (e.g. "\\Trash"), or null. */
export async function getSpecialFolder(accountId: string, specialUse: string): Promise<FolderRecord | null> {
  const prisma = await db();
  return prisma.folder.findFirst({ where: { accountId, specialUse }, select: SELECT });
}
