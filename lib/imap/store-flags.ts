import "server-only";
import type { ImapFlow } from "imapflow";

/** Adds or removes one flag (e.g. \Seen) on messages by UID (RFC 3501 STORE). */
export async function storeFlag(client: ImapFlow, path: string, uids: number[], flag: string, on: boolean): Promise<void> {
  if (!uids.length) return;
  const lock = await client.getMailboxLock(path);
  try {
    const range = uids.join(",");
    if (on) await client.messageFlagsAdd(range, [flag], { uid: true });
    else await client.messageFlagsRemove(range, [flag], { uid: true });
  } finally {
    lock.release();
  }
}
