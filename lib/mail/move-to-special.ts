import "server-only";
import type { AccountRecord } from "@/lib/db/accounts";
import { getSpecialFolder } from "@/lib/db/folders";
import { deleteByUids } from "@/lib/db/messages";
import { localizedError } from "@/lib/i18n/server-errors";
import { moveMessages } from "@/lib/imap/move-messages";
import { withAccountImap } from "./account-imap";
import { getFolderOrThrow } from "./get-folder";

/** Special folders a message can be filed into from the reader. */
export const FILING_TARGETS = { archive: "\\Archive", junk: "\\Junk", inbox: "\\Inbox" } as const;
export type FilingTarget = keyof typeof FILING_TARGETS;

/**
 * Files messages into the account's Archive, Junk or Inbox (found by
 * special use, RFC 6154, whatever the server calls them). Returns the folder.
 */
export async function moveToSpecialFolder(account: AccountRecord, path: string, uids: number[], target: FilingTarget): Promise<string> {
  const folder = await getFolderOrThrow(account, path);
  const destination = await getSpecialFolder(account.id, FILING_TARGETS[target]);
  if (!destination) throw localizedError("NOT_FOUND", "noSpecialFolder", { folder: target });
  if (destination.path === path) return path;
  await withAccountImap(account, (client) => moveMessages(client, path, uids, destination.path));
  await deleteByUids(folder.id, uids);
  return destination.path;
}
