import "server-only";
import type { AccountRecord } from "@/lib/db/accounts";
import { getSpecialFolder, type FolderRecord } from "@/lib/db/folders";
import { ensureFolderList } from "@/lib/mail/sync-mail";

/** The account's Sent or Drafts folder (RFC 6154), asking the server for the folder list if none is cached yet. */
export async function specialFolder(account: AccountRecord, use: "\\Sent" | "\\Drafts"): Promise<FolderRecord | null> {
  await ensureFolderList(account);
  return getSpecialFolder(account.id, use);
}
