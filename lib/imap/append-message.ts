import "server-only";
import type { ImapFlow } from "imapflow";

/** Stores a message in a mailbox (RFC 3501 APPEND), e.g. the sender's copy in Sent. */
export async function appendMessage(client: ImapFlow, path: string, raw: Buffer, flags: string[]): Promise<number | null> {
  const result = await client.append(path, raw, flags, new Date());
  return result && typeof result === "object" && result.uid ? result.uid : null;
}
