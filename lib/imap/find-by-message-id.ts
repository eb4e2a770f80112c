import "server-only";
import type { ImapFlow } from "imapflow";

/** UIDs of the messages in a mailbox whose Message-ID header is this one (RFC 3501 SEARCH HEADER). */
export async function findByMessageId(client: ImapFlow, path: string, messageId: string): Promise<number[]> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    const uids = await client.search({ header: { "message-id": messageId } }, { uid: true });
    return uids || [];
  } finally {
    lock.release();
  }
}
