import "server-only";
import type { ImapFlow } from "imapflow";

/**
 * Moves messages by UID. imapflow uses MOVE (RFC 6851) where offered and
 * otherwise COPY + \Deleted + UID EXPUNGE (RFC 4315), which removes only these.
 */
export async function moveMessages(client: ImapFlow, path: string, uids: number[], destination: string): Promise<void> {
  if (!uids.length) return;
  const lock = await client.getMailboxLock(path);
  try {
    await client.messageMove(uids.join(","), destination, { uid: true });
  } finally {
    lock.release();
  }
}

/** Deletes messages for good: \Deleted then expunge of just these UIDs. */
export async function expungeMessages(client: ImapFlow, path: string, uids: number[]): Promise<void> {
  if (!uids.length) return;
  const lock = await client.getMailboxLock(path);
  try {
    await client.messageDelete(uids.join(","), { uid: true });
  } finally {
    lock.release();
  }
}
