import "server-only";
import type { AccountRecord } from "@/lib/db/accounts";
import { buildFolderTree, type FolderNode } from "./folder-tree";
import { ensureFolderList } from "./sync-mail";

/** The sidebar's folders, from the cache (asking the server only the first time). */
export async function listFolderTree(account: AccountRecord): Promise<FolderNode[]> {
  return buildFolderTree(await ensureFolderList(account));
}
