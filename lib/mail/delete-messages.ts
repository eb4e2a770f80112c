import "server-only";
import type { AccountRecord } from "@/lib/db/accounts";
import { getSpecialFolder } from "@/lib/db/folders";
import { deleteByUids } from "@/lib/db/messages";
import { expungeMessages, moveMessages } from "@/lib/imap/move-messages";
import { withAccountImap } from "./account-imap";
import { getFolderOrThrow } from "./get-folder";

/**
 * Deletes the way mail clients do: into Trash, or for good when they are
 * already in Trash or the account has no Trash folder.
 * Returns where they went ("trash" or "deleted").
 */
export async function deleteMessages(account: AccountRecord, path: string, uids: number[]): Promise<"trash" | "deleted"> {
  const folder = await getFolderOrThrow(account, path);
  const trash = await getSpecialFolder(account.id, "\\Trash");
  const toTrash = Boolean(trash && trash.path !== path);
  await withAccountImap(account, (client) =>
    toTrash ? moveMessages(client, path, uids, trash!.path) : expungeMessages(client, path, uids),
  );
  await deleteByUids(folder.id, uids);
  return toTrash ? "trash" : "deleted";
}
