import "server-only";
import type { ImapFlow } from "imapflow";

/** Hard cap on what is parsed in memory; larger messages are read from their first bytes. */
export const MAX_PARSED_SOURCE_BYTES = 25 * 1024 * 1024;

/**
 * The raw RFC 5322 source of one message, without setting \Seen (BODY.PEEK):
 * marking read is a separate, deliberate step.
 */
export async function fetchSource(client: ImapFlow, path: string, uid: number): Promise<Buffer | null> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    const message = await client.fetchOne(String(uid), { uid: true, source: { maxLength: MAX_PARSED_SOURCE_BYTES } }, { uid: true });
    return message ? (message.source ?? null) : null;
  } finally {
    lock.release();
  }
}
