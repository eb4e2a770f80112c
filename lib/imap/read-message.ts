import "server-only";
import type { ImapFlow } from "imapflow";
import { MAX_PARSED_SOURCE_BYTES } from "./fetch-source";

/**
 * What opening a message in the reader asks of the server, in one mailbox
 * open: its source (BODY.PEEK, when not cached yet) and, when it was unread,
 * STORE +FLAGS \Seen. On a big mailbox each SELECT or EXAMINE costs the
 * server far more than the FETCH itself, so the folder is opened once,
 * read-write only when something is marked. Returns whether the message is
 * still on the server, and its source if asked for.
 */
export async function readMessage(
  client: ImapFlow,
  path: string,
  uid: number,
  want: { source: boolean; markSeen: boolean },
): Promise<{ found: boolean; source: Buffer | null }> {
  const lock = await client.getMailboxLock(path, { readOnly: !want.markSeen });
  try {
    let source: Buffer | null = null;
    if (want.source) {
      const message = await client.fetchOne(String(uid), { uid: true, source: { maxLength: MAX_PARSED_SOURCE_BYTES } }, { uid: true });
      source = message ? (message.source ?? null) : null;
      if (!source) return { found: false, source: null };
    }
    // STORE on a UID that is gone changes nothing and is not an error (RFC 3501 6.4.8).
    if (want.markSeen) await client.messageFlagsAdd(String(uid), ["\\Seen"], { uid: true });
    return { found: true, source };
  } finally {
    lock.release();
  }
}
