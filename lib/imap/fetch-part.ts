import "server-only";
import type { ImapFlow } from "imapflow";

/**
 * One MIME part, transfer-decoded, read into memory: for small parts only
 * (an attached message to display). Returns null when the part is larger
 * than `maxBytes` or missing.
 */
export async function fetchPart(client: ImapFlow, path: string, uid: number, part: string, maxBytes: number): Promise<Buffer | null> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    const download = await client.download(String(uid), part, { uid: true, maxBytes, decodeText: false });
    if (!download?.content) return null;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of download.content as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        download.content.destroy();
        return null;
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  } finally {
    lock.release();
  }
}
