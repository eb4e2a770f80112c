import "server-only";
import type { ImapFlow } from "imapflow";
import type { FolderRecord } from "@/lib/db/folders";
import { pendingDetails, saveDetails, type PendingDetails } from "@/lib/db/messages";
import { fetchDetails, fetchPartHeads, type RemoteDetails } from "@/lib/imap/fetch-headers";
import { snippetFromPartHead } from "@/lib/mime/part-text";

/**
 * The second pass of a sync. The first stores list rows from the envelope
 * alone (lib/sync/sync-folder.ts); this one asks for BODYSTRUCTURE and the
 * first bytes of each message's text, and stores the snippet, the
 * attachment marker and the search vector. Rows are taken newest first,
 * straight from the cache (messages.needs_details), so a run that is cut
 * short simply leaves the rest for the next one.
 */

/** Bytes of the text part fetched for a snippet. */
export const SNIPPET_BYTES = 2048;
/** Rows per FETCH and per UPDATE. */
const BATCH = 500;
/**
 * Decoding snippets is the CPU-heavy part, and the second pass runs in the
 * app's own process: it hands the event loop back this often, so pages
 * keep being served while it runs.
 */
const YIELD_EVERY = 25;

/** The snippet of each message, from the first bytes of its text part (a second FETCH only where that is not part 1). */
export async function snippetsOf(client: ImapFlow, details: RemoteDetails[]): Promise<Map<number, string>> {
  const wanted = details.flatMap((d) => (d.textPart && d.textPart.part !== "1" ? [{ uid: d.uid, part: d.textPart.part }] : []));
  const heads = await fetchPartHeads(client, wanted, SNIPPET_BYTES);
  const snippets = new Map<number, string>();
  for (const [i, d] of details.entries()) {
    if (i > 0 && i % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    const head = d.textPart?.part === "1" ? d.partOneHead : heads.get(d.uid);
    snippets.set(d.uid, head && d.textPart ? snippetFromPartHead(head, d.textPart) : "");
  }
  return snippets;
}

export interface FillOptions {
  /** Stop after this many rows (the rest waits for the background job). */
  limit?: number;
  /** Rows per round; smaller only in tests. */
  batch?: number;
  /** Called after each stored batch, with the running count. */
  onProgress?: (filled: number) => void;
}

/**
 * Fills in the details of the folder's waiting rows, newest first, on a
 * connection that has the folder open already (the caller holds its lock).
 * Returns how many rows were filled.
 */
export async function fillDetailsInOpenMailbox(client: ImapFlow, folderId: bigint, options: FillOptions = {}): Promise<number> {
  const limit = options.limit ?? Infinity;
  const batch = options.batch ?? BATCH;
  let filled = 0;
  let below: number | undefined;
  // The database write of one batch overlaps the IMAP fetch of the next.
  let writing: Promise<void> = Promise.resolve();
  for (;;) {
    const rows = await pendingDetails(folderId, Math.min(batch, limit - filled), below);
    if (!rows.length) break;
    below = rows.at(-1)!.uid;
    const details = await fetchDetails(client, rows.map((r) => r.uid), SNIPPET_BYTES);
    const snippets = await snippetsOf(client, details);
    const byUid = new Map(details.map((d) => [d.uid, d]));
    // A row the server no longer has is expunged by the next sync; until then it is searchable by subject and people.
    const done = rows.map((r: PendingDetails) => ({ ...r, hasAttachments: byUid.get(r.uid)?.hasAttachments ?? false, snippet: snippets.get(r.uid) ?? "" }));
    filled += rows.length;
    const count = filled;
    await writing;
    writing = saveDetails(folderId, done).then(() => options.onProgress?.(count));
    // Handled when awaited; this only keeps a failure from counting as unhandled meanwhile.
    writing.catch(() => {});
    if (filled >= limit) break;
  }
  await writing;
  return filled;
}

/**
 * Opens the folder read-only and fills in all its waiting rows. Nothing is
 * done when the server's UIDVALIDITY is not the cache's: the UIDs would name
 * other messages, and the next sync rebuilds the folder anyway.
 */
export async function fillDetails(client: ImapFlow, folder: FolderRecord, options: FillOptions = {}): Promise<number> {
  const lock = await client.getMailboxLock(folder.path, { readOnly: true });
  try {
    if (!client.mailbox || folder.uidValidity === null || client.mailbox.uidValidity !== folder.uidValidity) return 0;
    return await fillDetailsInOpenMailbox(client, folder.id, options);
  } finally {
    lock.release();
  }
}
