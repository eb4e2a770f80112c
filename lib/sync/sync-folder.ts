import "server-only";
import type { ImapFlow } from "imapflow";
import type { FolderRecord } from "@/lib/db/folders";
import {
  clearFolderMessages, countCached, deleteByUids, getCachedFlags, getCachedFlagsFor, insertHeaders, recountFolder, saveFolderSyncState,
  startFolderSync, updateFlags,
} from "@/lib/db/messages";
import {
  fetchAllFlags, fetchAllUids, fetchChangedFlags, fetchHeaders, fetchPartHeads, type RemoteHeader,
} from "@/lib/imap/fetch-headers";
import { snippetFromPartHead } from "@/lib/mime/part-text";

export interface SyncResult {
  added: number;
  updated: number;
  removed: number;
  /** The server's UIDVALIDITY changed, so the cache was rebuilt. */
  rebuilt: boolean;
  /** New messages left for a later run when `maxNew` stopped this one early. */
  remaining?: number;
}

export interface SyncOptions {
  /**
   * Fetch at most this many new messages (the newest), and leave the rest
   * for a later run: a first visit shows its page at once while a
   * background job fills in the remainder.
   */
  maxNew?: number;
  /** Called after each batch of new messages is stored, with the running count. */
  onProgress?: (added: number) => void;
}

/** Headers are written in batches of this size: memory stays flat on any mailbox. */
const BATCH = 1000;
/** Bytes of the text part fetched for a snippet. */
const SNIPPET_BYTES = 2048;

const sameFlags = (a: string[], b: string[]) => a.length === b.length && a.every((f) => b.includes(f));

/**
 * Brings one folder's cache in step with the server, on an open connection.
 * A changed UIDVALIDITY empties the cache first (RFC 3501 2.3.1.1). Then:
 * - after a completed sync, on a server with CONDSTORE (RFC 7162), only what
 *   changed since the stored HIGHESTMODSEQ is asked for (and expunges come
 *   as VANISHED with QRESYNC); an unchanged folder costs one SELECT;
 * - otherwise the UID/flag pairs of the whole mailbox are compared with the
 *   cache, which works on every server and also resumes an interrupted
 *   first sync without duplicates or holes.
 * New messages are fetched newest first, in batches.
 */
export async function syncFolder(client: ImapFlow, folder: FolderRecord, options: SyncOptions = {}): Promise<SyncResult> {
  // On a connection that already had the folder open (an IDLE watcher), the
  // SELECT-time UIDNEXT and HIGHESTMODSEQ are stale: IDLE reports EXISTS, not them.
  const alreadyOpen = client.mailbox !== false && client.mailbox?.path === folder.path;
  if (!alreadyOpen && (await unchangedByStatus(client, folder))) {
    return { added: 0, updated: 0, removed: 0, rebuilt: false };
  }
  const lock = await client.getMailboxLock(folder.path, { readOnly: true });
  try {
    const mailbox = client.mailbox;
    if (!mailbox) throw new Error(`Mailbox ${folder.path} did not open`);
    const result: SyncResult = { added: 0, updated: 0, removed: 0, rebuilt: false };
    let known = folder;
    if (folder.uidValidity !== null && folder.uidValidity !== mailbox.uidValidity) {
      await clearFolderMessages(folder.id);
      result.rebuilt = true;
      known = { ...folder, uidValidity: null, highestModseq: null, uidNext: null, syncedAt: null };
    }
    if (known.uidValidity === null) {
      // Recorded before any message is, so an interrupted first sync resumes
      // against the same UIDVALIDITY instead of starting over.
      await startFolderSync(folder.id, mailbox.uidValidity);
    }

    const incremental =
      known.syncedAt !== null && known.highestModseq !== null && mailbox.highestModseq !== undefined && !mailbox.noModseq;
    if (incremental && !alreadyOpen && mailbox.highestModseq === known.highestModseq && BigInt(mailbox.uidNext) === known.uidNext) {
      return result; // Nothing changed since the last sync (RFC 7162 3.1.2.1).
    }
    const changes = incremental
      ? await changesSince(client, folder.id, known.highestModseq!)
      : await changesByComparison(client, folder.id, result.rebuilt);

    // VANISHED also names messages we removed ourselves (moved to Trash): count only real news.
    result.removed = await deleteByUids(folder.id, changes.gone);
    await updateFlags(folder.id, changes.changed);
    result.updated = changes.changed.length;
    const fresh = changes.fresh.sort((a, b) => b - a);
    const now = options.maxNew !== undefined && fresh.length > options.maxNew ? fresh.slice(0, options.maxNew) : fresh;
    result.added = await fetchNewMessages(client, folder.id, now, options.onProgress);
    if (now.length < fresh.length) {
      // Not done: no sync state is stored, so the next run compares again and takes the rest.
      result.remaining = fresh.length - now.length;
      // The total stays the server's, so the list can say "n of N" while the rest arrives.
      await recountFolder(folder.id, mailbox.exists);
      return result;
    }

    // Stale counters are not stored: the next fresh sync asks again from the old
    // HIGHESTMODSEQ, which only repeats a little work.
    await saveFolderSyncState(folder.id, {
      uidValidity: mailbox.uidValidity,
      uidNext: alreadyOpen && known.uidNext !== null ? Number(known.uidNext) : mailbox.uidNext,
      highestModseq: alreadyOpen ? known.highestModseq : (mailbox.highestModseq ?? null),
    });
    return result;
  } finally {
    lock.release();
  }
}

/**
 * After a completed sync, STATUS (RFC 3501 6.3.10, HIGHESTMODSEQ from RFC 7162)
 * tells whether anything changed without opening the mailbox, which on a big
 * Maildir costs the server far more than STATUS does.
 */
async function unchangedByStatus(client: ImapFlow, folder: FolderRecord): Promise<boolean> {
  if (!folder.syncedAt || folder.highestModseq === null || folder.uidNext === null || folder.uidValidity === null) return false;
  if (!client.capabilities.has("CONDSTORE")) return false;
  const status = await client.status(folder.path, { uidNext: true, uidValidity: true, highestModseq: true }).catch(() => false as const);
  return (
    status !== false &&
    status.highestModseq !== undefined &&
    BigInt(status.highestModseq) === folder.highestModseq &&
    status.uidValidity !== undefined &&
    BigInt(status.uidValidity) === folder.uidValidity &&
    status.uidNext !== undefined &&
    BigInt(status.uidNext) === folder.uidNext
  );
}

interface Changes {
  /** UIDs expunged on the server. */
  gone: number[];
  /** Cached messages whose flags changed. */
  changed: { uid: number; flags: string[] }[];
  /** UIDs the cache does not have yet. */
  fresh: number[];
}

/** The fallback: every UID and its flags, compared with the cache. */
async function changesByComparison(client: ImapFlow, folderId: bigint, emptyCache: boolean): Promise<Changes> {
  const [remote, cached] = await Promise.all([
    fetchAllFlags(client),
    emptyCache ? new Map<number, string[]>() : getCachedFlags(folderId),
  ]);
  const changes: Changes = { gone: [], changed: [], fresh: [] };
  for (const [uid, flags] of cached) {
    const now = remote.get(uid);
    if (!now) changes.gone.push(uid);
    else if (!sameFlags(now, flags)) changes.changed.push({ uid, flags: now });
  }
  // Every UID the cache lacks, not just those above the highest cached one:
  // an interrupted newest-first sync leaves its gap below.
  for (const uid of remote.keys()) if (!cached.has(uid)) changes.fresh.push(uid);
  return changes;
}

/**
 * CONDSTORE: only messages whose MODSEQ passed `modseq` (new ones included).
 * With QRESYNC the same FETCH reports expunged UIDs as VANISHED (EARLIER);
 * without it, a message count that disagrees with the cache triggers one
 * UID SEARCH ALL to find what went away.
 */
async function changesSince(client: ImapFlow, folderId: bigint, modseq: bigint): Promise<Changes> {
  const vanished: number[] = [];
  const onExpunge = (event: { uid?: number; vanished?: boolean }) => {
    if (event.vanished && event.uid) vanished.push(event.uid);
  };
  client.on("expunge", onExpunge);
  let remote: Map<number, string[]>;
  try {
    remote = await fetchChangedFlags(client, modseq);
  } finally {
    client.off("expunge", onExpunge);
  }
  const cached = await getCachedFlagsFor(folderId, [...remote.keys()]);
  const changes: Changes = { gone: vanished, changed: [], fresh: [] };
  for (const [uid, flags] of remote) {
    const before = cached.get(uid);
    if (!before) changes.fresh.push(uid);
    else if (!sameFlags(before, flags)) changes.changed.push({ uid, flags });
  }
  if (!client.enabled.has("QRESYNC")) {
    const expected = (await countCached(folderId)) + changes.fresh.length;
    if (expected !== (client.mailbox ? client.mailbox.exists : expected)) {
      const present = new Set(await fetchAllUids(client));
      const all = await getCachedFlags(folderId);
      for (const uid of all.keys()) if (!present.has(uid)) changes.gone.push(uid);
    }
  }
  return changes;
}

/**
 * Fetches new messages newest first, one batch of UIDs at a time: headers,
 * then the first bytes of each text part for its snippet, then one insert.
 * The first page of a big folder is in the cache after the first batch.
 */
async function fetchNewMessages(
  client: ImapFlow,
  folderId: bigint,
  newUids: number[],
  onProgress?: (added: number) => void,
): Promise<number> {
  // The database write of one batch overlaps the IMAP fetch of the next.
  let writing: Promise<void> = Promise.resolve();
  for (let i = 0; i < newUids.length; i += BATCH) {
    const uids = newUids.slice(i, i + BATCH);
    const headers: RemoteHeader[] = [];
    for await (const header of fetchHeaders(client, uids.join(","), SNIPPET_BYTES)) headers.push(header);
    // Only messages whose text is not part 1 need a second look.
    const wanted = headers.flatMap((h) => (h.textPart && h.textPart.part !== "1" ? [{ uid: h.uid, part: h.textPart.part }] : []));
    const heads = await fetchPartHeads(client, wanted, SNIPPET_BYTES);
    const rows = headers.map((h) => {
      const head = h.textPart?.part === "1" ? h.partOneHead : heads.get(h.uid);
      return { ...h, snippet: head && h.textPart ? snippetFromPartHead(head, h.textPart) : "" };
    });
    const done = Math.min(i + BATCH, newUids.length);
    await writing;
    writing = insertHeaders(folderId, rows).then(() => onProgress?.(done));
    // Handled when awaited above; this only keeps a failure from counting as unhandled meanwhile.
    writing.catch(() => {});
  }
  await writing;
  return newUids.length;
}
