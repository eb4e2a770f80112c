import "server-only";
import type { AccountRecord } from "@/lib/db/accounts";
import { getSpecialFolder, listFolders, type FolderRecord } from "@/lib/db/folders";
import { syncFolderList } from "@/lib/mail/sync-mail";

/** The account's Sent or Drafts folder (RFC 6154), asking the server for the folder list if none is cached yet. */
export async function specialFolder(account: AccountRecord, use: "\\Sent" | "\\Drafts"): Promise<FolderRecord | null> {
  if ((await listFolders(account.id)).length === 0) await syncFolderList(account);
  return getSpecialFolder(account.id, use);
}
