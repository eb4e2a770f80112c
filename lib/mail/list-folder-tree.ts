import "server-only";
import type { AccountRecord } from "@/lib/db/accounts";
import { listFolders } from "@/lib/db/folders";
import { buildFolderTree, type FolderNode } from "./folder-tree";
import { syncFolderList } from "./sync-mail";

/** The sidebar's folders, from the cache (asking the server only the first time). */
export async function listFolderTree(account: AccountRecord): Promise<FolderNode[]> {
  let folders = await listFolders(account.id);
  if (!folders.length) {
    await syncFolderList(account);
    folders = await listFolders(account.id);
  }
  return buildFolderTree(folders);
}
