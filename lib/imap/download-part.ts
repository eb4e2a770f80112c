import "server-only";
import type { Readable } from "node:stream";
import type { ImapFlow } from "imapflow";

export interface PartDownload {
  stream: Readable;
  contentType: string;
  filename: string | null;
  size: number | null;
}

/**
 * Streams one MIME part, transfer-decoded (or the whole raw message), straight from the server: an
 * attachment of any size passes through without being held in memory.
 * The caller must call `done()` once the stream has ended or failed.
 */
export async function downloadPart(
  client: ImapFlow,
  path: string,
  uid: number,
  /** MIME part number; undefined for the whole message source. */
  part: string | undefined,
): Promise<(PartDownload & { done: () => void }) | null> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    // decodeText: false keeps a text attachment's bytes and charset as sent: a download is a copy, not a conversion.
    const result = await client.download(String(uid), part, { uid: true, decodeText: false });
    if (!result?.content) {
      lock.release();
      return null;
    }
    return {
      stream: result.content,
      contentType: result.meta?.contentType ?? "application/octet-stream",
      filename: result.meta?.filename ?? null,
      size: result.meta?.expectedSize ?? null,
      done: () => lock.release(),
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
