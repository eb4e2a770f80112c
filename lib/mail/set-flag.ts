import "server-only";
import type { AccountRecord } from "@/lib/db/accounts";
import { getMessageLocation, setCachedFlag } from "@/lib/db/message-bodies";
import { storeFlag } from "@/lib/imap/store-flags";
import { withAccountImap } from "./account-imap";
import { getFolderOrThrow } from "./get-folder";

/** Marks messages read/unread (\Seen) or flagged (\Flagged), on the server first, then in the cache. */
export async function setMessageFlag(
  account: AccountRecord,
  path: string,
  uids: number[],
  flag: "\\Seen" | "\\Flagged" | "\\Answered",
  on: boolean,
): Promise<void> {
  const folder = await getFolderOrThrow(account, path);
  await withAccountImap(account, (client) => storeFlag(client, path, uids, flag, on));
  await setCachedFlag(folder.id, uids, flag, on);
}

/** Sets \Answered on a message of this account, by our id (after a reply is sent). */
export async function markAnswered(account: AccountRecord, messageId: bigint): Promise<void> {
  const location = await getMessageLocation(account.id, messageId);
  if (!location) return;
  await setMessageFlag(account, location.path, [location.uid], "\\Answered", true);
}
