import "server-only";
import type { ImapFlow } from "imapflow";

/**
 * What {@link addKeywordOnce} found: "added" (this call set it), "present" (another client or an
 * earlier answer already had), "unsupported" (the mailbox cannot keep keywords: PERMANENTFLAGS
 * has neither \* nor the keyword), or "gone" (no message with that UID).
 */
export type AddKeywordResult = "added" | "present" | "unsupported" | "gone";

/**
 * Sets a keyword (e.g. $MDNSent, RFC 3503) on one message unless it is already set, reading
 * the current flags from the server under the mailbox lock so that a keyword another client
 * set a moment ago is seen.
 */
export async function addKeywordOnce(client: ImapFlow, path: string, uid: number, keyword: string): Promise<AddKeywordResult> {
  const lock = await client.getMailboxLock(path);
  try {
    const message = await client.fetchOne(String(uid), { uid: true, flags: true }, { uid: true });
    if (!message) return "gone";
    if (message.flags?.has(keyword)) return "present";
    const permanent = client.mailbox ? client.mailbox.permanentFlags : undefined;
    if (permanent && !permanent.has("\\*") && !permanent.has(keyword)) return "unsupported";
    await client.messageFlagsAdd(String(uid), [keyword], { uid: true });
    return "added";
  } finally {
    lock.release();
  }
}
