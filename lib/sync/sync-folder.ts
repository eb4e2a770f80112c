import "server-only";
import type { ImapFlow } from "imapflow";
import type { FolderRecord } from "@/lib/db/folders";
import {
  clearFolderMessages, deleteByUids, getCachedFlags, insertHeaders, saveFolderSyncState, updateFlags,
} from "@/lib/db/messages";
import { fetchAllFlags, fetchHeaders, fetchPartHeads, type RemoteHeader } from "@/lib/imap/fetch-headers";
import { snippetFromPartHead } from "@/lib/mime/part-text";

export interface SyncResult {
  added: number;
  updated: number;
  removed: number;
  /** The server's UIDVALIDITY changed, so the cache was rebuilt. */
  rebuilt: boolean;
}

/** Headers are written in batches of this size: memory stays flat on any mailbox. */
const BATCH = 500;
/** Bytes of the text part fetched for a snippet. */
const SNIPPET_BYTES = 2048;

const sameFlags = (a: string[], b: string[]) => a.length === b.length && a.every((f) => b.includes(f));

/**
 * Brings one folder's cache in step with the server, on an open connection:
 * 1. a changed UIDVALIDITY empties the cache (RFC 3501 2.3.1.1);
 * 2. UID/flag pairs of the whole mailbox show expunges and flag changes made
 *    by other clients (the fallback that works on every server);
 * 3. UIDs the cache lacks are new mail: their headers and a snippet are
 *    fetched and written in batches, newest first.
 */
export async function syncFolder(client: ImapFlow, folder: FolderRecord): Promise<SyncResult> {
  const lock = await client.getMailboxLock(folder.path, { readOnly: true });
  try {
    const mailbox = client.mailbox;
    if (!mailbox) throw new Error(`Mailbox ${folder.path} did not open`);
    const result: SyncResult = { added: 0, updated: 0, removed: 0, rebuilt: false };

    if (folder.uidValidity !== null && folder.uidValidity !== mailbox.uidValidity) {
      await clearFolderMessages(folder.id);
      result.rebuilt = true;
    }

    const [remote, cached] = await Promise.all([
      fetchAllFlags(client),
      result.rebuilt ? new Map<number, string[]>() : getCachedFlags(folder.id),
    ]);
    const gone: number[] = [];
    const changed: { uid: number; flags: string[] }[] = [];
    for (const [uid, flags] of cached) {
      const now = remote.get(uid);
      if (!now) gone.push(uid);
      else if (!sameFlags(now, flags)) changed.push({ uid, flags: now });
    }
    await deleteByUids(folder.id, gone);
    await updateFlags(folder.id, changed);
    result.removed = gone.length;
    result.updated = changed.length;

    // Every UID the cache lacks, not just those above the highest cached one:
    // an interrupted newest-first sync leaves its gap below.
    const newUids = [...remote.keys()].filter((uid) => !cached.has(uid)).sort((a, b) => b - a);
    result.added = await fetchNewMessages(client, folder.id, newUids);

    await saveFolderSyncState(folder.id, {
      uidValidity: mailbox.uidValidity,
      uidNext: mailbox.uidNext,
      highestModseq: mailbox.highestModseq ?? null,
    });
    return result;
  } finally {
    lock.release();
  }
}

/**
 * Fetches new messages newest first, one batch of UIDs at a time: headers,
 * then the first bytes of each text part for its snippet, then one insert.
 * The first page of a big folder is in the cache after the first batch.
 */
async function fetchNewMessages(client: ImapFlow, folderId: bigint, newUids: number[]): Promise<number> {
  for (let i = 0; i < newUids.length; i += BATCH) {
    const uids = newUids.slice(i, i + BATCH);
    const headers: RemoteHeader[] = [];
    for await (const header of fetchHeaders(client, uids.join(","))) headers.push(header);
    const wanted = headers.flatMap((h) => (h.textPart ? [{ uid: h.uid, part: h.textPart.part }] : []));
    const heads = await fetchPartHeads(client, wanted, SNIPPET_BYTES);
    await insertHeaders(
      folderId,
      headers.map((h) => {
        const head = heads.get(h.uid);
        return { ...h, snippet: head && h.textPart ? snippetFromPartHead(head, h.textPart) : "" };
      }),
    );
  }
  return newUids.length;
}
