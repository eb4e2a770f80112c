import "server-only";
import type { AccountRecord } from "@/lib/db/accounts";
import { getFolder, type FolderRecord } from "@/lib/db/folders";
import { localizedError } from "@/lib/i18n/server-errors";

/** The account's cached folder at this path, or NOT_FOUND. */
export async function getFolderOrThrow(account: AccountRecord, path: string): Promise<FolderRecord> {
  const folder = await getFolder(account.id, path);
  if (!folder) throw localizedError("NOT_FOUND", "noSuchFolder", { path });
  return folder;
}
