import "server-only";
import type { ImapFlow, StatusObject } from "imapflow";
import type { FolderRecord } from "@/lib/db/folders";
import {
  clearFolderMessages, countCached, deleteBelowUid, deleteByUids, getCachedFlagsBetween, getCachedFlagsFor, insertHeaders, insertListRows,
  lowestCachedUid, saveFolderSyncState, setServerTotal, startFolderSync, UID_CEILING, updateFlags,
} from "@/lib/db/messages";
import { fetchChangedFlags, fetchFlagsBySequence, fetchHeaders, fetchListRows, type RemoteHeader, type RemoteListRow } from "@/lib/imap/fetch-headers";
import { fillDetailsInOpenMailbox, SNIPPET_BYTES, snippetsOf } from "./fill-details";

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
  /**
   * Awaited once every new row of this run is stored, before the newest
   * page's details are fetched: a first visit answers from here, while the
   * details follow on the same connection.
   */
  onListStored?: () => void | Promise<void>;
}

/** Messages are fetched and written in batches of this size: memory stays flat on any mailbox. */
const BATCH = 1000;
/**
 * Below the cache, one FETCH streams this many list rows, written a BATCH at
 * a time as they arrive: fewer commands keep the server streaming instead
 * of waiting for the next one.
 */
const STREAM = 5000;
/**
 * Up to this many new messages (one list page) are fetched complete in one
 * pass. Beyond it, a first pass stores list rows from the envelope alone,
 * the newest page gets its details at once, and the rest wait for the
 * second pass (lib/sync/fill-details.ts, run by a background job).
 */
export const INLINE_DETAILS = 50;

const sameFlags = (a: string[], b: string[]) => a.length === b.length && a.every((f) => b.includes(f));

/**
 * Brings one folder's cache in step with the server, on an open connection.
 * A changed UIDVALIDITY empties the cache first (RFC 3501 2.3.1.1). Then:
 * - after a completed sync, on a server with CONDSTORE (RFC 7162), only what
 *   changed since the stored HIGHESTMODSEQ is asked for (and expunges come
 *   as VANISHED with QRESYNC); callers ask STATUS first (`unchangedSince`),
 *   so an unchanged folder is not even opened;
 * - otherwise the mailbox is walked from its newest message down, a batch
 *   of sequence numbers at a time (see `walk`), which works on every server,
 *   never lists the whole mailbox at once, and also resumes an interrupted
 *   first sync without duplicates or holes.
 */
export async function syncFolder(client: ImapFlow, folder: FolderRecord, options: SyncOptions = {}): Promise<SyncResult> {
  // On a connection that already had the folder open (an IDLE watcher), the
  // SELECT-time UIDNEXT and HIGHESTMODSEQ are stale: IDLE reports EXISTS, not them.
  const alreadyOpen = client.mailbox !== false && client.mailbox?.path === folder.path;
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
    // While a first sync runs, the list says "n of N" with the server's N.
    if (!known.syncedAt) await setServerTotal(folder.id, mailbox.exists);

    const writer = writeBehind();
    let twoPass = false;
    const changes = incremental ? await changesSince(client, folder.id, known.highestModseq!) : null;
    if (changes) {
      // VANISHED also names messages we removed ourselves (moved to Trash): count only real news.
      result.removed = await deleteByUids(folder.id, changes.gone);
      await updateFlags(folder.id, changes.changed);
      result.updated = changes.changed.length;
      const fresh = changes.fresh.sort((a, b) => b - a);
      const now = options.maxNew !== undefined && fresh.length > options.maxNew ? fresh.slice(0, options.maxNew) : fresh;
      twoPass = now.length > INLINE_DETAILS;
      for (let i = 0; i < now.length; i += BATCH) {
        const batch = await fetchNew(client, folder.id, now.slice(i, i + BATCH).join(","), { complete: !twoPass });
        const done = Math.min(i + BATCH, now.length);
        await writer.push(() => batch.write().then(() => options.onProgress?.(done)));
      }
      result.added = now.length;
      // Not done: no sync state is stored, so the next run asks again from the old HIGHESTMODSEQ and takes the rest.
      if (now.length < fresh.length) result.remaining = fresh.length - now.length;
    } else {
      twoPass = mailbox.exists > INLINE_DETAILS;
      const walked = await walk(client, folder.id, { ...options, complete: !twoPass }, writer);
      result.added = walked.added;
      result.updated = walked.updated;
      result.removed = walked.removed;
      if (walked.remaining > 0) result.remaining = walked.remaining;
    }
    await writer.flush();
    await options.onListStored?.();
    // The newest page is what the user looks at now: its details cannot wait for the background pass.
    if (twoPass) await fillDetailsInOpenMailbox(client, folder.id, { limit: INLINE_DETAILS });
    if (result.remaining) return result;

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
 * Maildir costs the server far more than STATUS does (see lib/imap/mailbox-status.ts).
 */
export function unchangedSince(folder: FolderRecord, status: StatusObject | null): boolean {
  if (!folder.syncedAt || folder.highestModseq === null || folder.uidNext === null || folder.uidValidity === null) return false;
  return (
    status !== null &&
    status.highestModseq !== undefined &&
    BigInt(status.highestModseq) === folder.highestModseq &&
    status.uidValidity !== undefined &&
    BigInt(status.uidValidity) === folder.uidValidity &&
    status.uidNext !== undefined &&
    BigInt(status.uidNext) === folder.uidNext
  );
}

/** Each write starts once the previous one is done, while the caller fetches the next batch. */
function writeBehind() {
  let writing: Promise<void> = Promise.resolve();
  return {
    /** Waits for the previous write (and throws its error), then starts this one. */
    async push(write: () => Promise<void>) {
      await writing;
      writing = write();
      // Handled when awaited; this only keeps a failure from counting as unhandled meanwhile.
      writing.catch(() => {});
    },
    flush: () => writing,
  };
}

/**
 * Fetches one batch of new messages (a UID set, or with `bySequence` a range
 * of sequence numbers) and returns the write that stores it: complete rows
 * with snippet and search vector, or the first pass's list rows only.
 */
async function fetchNew(
  client: ImapFlow,
  folderId: bigint,
  range: string,
  how: { bySequence?: boolean; complete: boolean },
): Promise<{ uids: number[]; write: () => Promise<void> }> {
  if (how.complete) {
    const headers: RemoteHeader[] = [];
    for await (const header of fetchHeaders(client, range, SNIPPET_BYTES, how)) headers.push(header);
    const snippets = await snippetsOf(client, headers);
    const rows = headers.map((h) => ({ ...h, snippet: snippets.get(h.uid) ?? "" }));
    return { uids: headers.map((h) => h.uid), write: () => insertHeaders(folderId, rows) };
  }
  const rows: RemoteListRow[] = [];
  for await (const batch of fetchListRows(client, range, { ...how, batch: BATCH })) rows.push(...batch);
  return { uids: rows.map((r) => r.uid), write: () => insertListRows(folderId, rows) };
}

/**
 * Walks the open mailbox from its newest message down, BATCH sequence
 * numbers at a time (sequence order is UID order, RFC 3501 2.3.1.2), so a
 * first visit has the newest messages after one FETCH, without first
 * listing every UID. Where the cache may already hold messages (a resumed
 * first sync, or a server without CONDSTORE), a batch's UIDs and flags are
 * compared with the cache first: expunged, changed and new ones. Below the
 * lowest cached UID nothing is cached, and batches are fetched outright.
 *
 * Expunges reported meanwhile only shift sequence numbers down, so the next
 * batch overlaps the last (the overlap is skipped), never leaves a gap.
 */
async function walk(
  client: ImapFlow,
  folderId: bigint,
  options: SyncOptions & { complete: boolean },
  writer: ReturnType<typeof writeBehind>,
): Promise<{ added: number; updated: number; removed: number; remaining: number }> {
  const counts = { added: 0, updated: 0, removed: 0 };
  const maxNew = options.maxNew ?? Infinity;
  const lowestCached = await lowestCachedUid(folderId);
  let compare = lowestCached !== null;
  /** Messages with UIDs at or above this were handled by an earlier batch. */
  let below = UID_CEILING;
  /** The highest sequence number not walked yet. */
  let top = client.mailbox ? client.mailbox.exists : 0;
  while (top >= 1 && counts.added < maxNew) {
    const size = compare ? BATCH : Math.min(options.complete ? BATCH : STREAM, maxNew - counts.added);
    const from = Math.max(1, top - size + 1);
    const range = `${from}:${top}`;
    if (compare) {
      const remote = (await fetchFlagsBySequence(client, range)).filter((m) => m.uid < below);
      const lowest = remote.reduce((min, m) => Math.min(min, m.uid), below);
      const cached = await getCachedFlagsBetween(folderId, lowest, below);
      const fresh: number[] = [];
      const changed: { uid: number; flags: string[] }[] = [];
      for (const { uid, flags } of remote) {
        const before = cached.get(uid);
        if (!before) fresh.push(uid);
        else if (!sameFlags(before, flags)) changed.push({ uid, flags });
        cached.delete(uid);
      }
      // What is left was cached under a UID in this batch's span that the server no longer has.
      counts.removed += await deleteByUids(folderId, [...cached.keys()]);
      await updateFlags(folderId, changed);
      counts.updated += changed.length;
      fresh.sort((a, b) => b - a);
      const room = maxNew - counts.added;
      const take = fresh.slice(0, room);
      for (let i = 0; i < take.length; i += BATCH) {
        const batch = await fetchNew(client, folderId, take.slice(i, i + BATCH).join(","), { complete: options.complete });
        counts.added += batch.uids.length;
        const done = counts.added;
        await writer.push(() => batch.write().then(() => options.onProgress?.(done)));
      }
      // Cut short by maxNew inside this batch: it is walked again next time.
      if (take.length < fresh.length) break;
      below = lowest;
      if (lowestCached !== null && lowest < lowestCached) compare = false;
    } else if (options.complete) {
      const batch = await fetchNew(client, folderId, range, { bySequence: true, complete: true });
      below = batch.uids.reduce((min, uid) => Math.min(min, uid), below);
      counts.added += batch.uids.length;
      const done = counts.added;
      await writer.push(() => batch.write().then(() => options.onProgress?.(done)));
    } else {
      for await (const batch of fetchListRows(client, range, { bySequence: true, batch: BATCH })) {
        for (const row of batch) if (row.uid < below) below = row.uid;
        counts.added += batch.length;
        const done = counts.added;
        await writer.push(() => insertListRows(folderId, batch).then(() => options.onProgress?.(done)));
      }
    }
    // An expunge reported during a UID FETCH shrinks the mailbox: never ask past its end.
    top = Math.min(from - 1, client.mailbox ? client.mailbox.exists : 0);
  }
  if (top < 1) {
    // Down to the first message: anything cached below the lowest UID the server has is gone.
    counts.removed += await deleteBelowUid(folderId, below);
  }
  return { ...counts, remaining: Math.max(0, top) };
}

interface Changes {
  /** UIDs expunged on the server. */
  gone: number[];
  /** Cached messages whose flags changed. */
  changed: { uid: number; flags: string[] }[];
  /** UIDs the cache does not have yet. */
  fresh: number[];
}

/**
 * CONDSTORE: only messages whose MODSEQ passed `modseq` (new ones included).
 * With QRESYNC the same FETCH reports expunged UIDs as VANISHED (EARLIER).
 * Without it, a message count that disagrees with the cache means something
 * was expunged, and null sends the caller to the full walk instead.
 */
async function changesSince(client: ImapFlow, folderId: bigint, modseq: bigint): Promise<Changes | null> {
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
    if (expected !== (client.mailbox ? client.mailbox.exists : expected)) return null;
  }
  return changes;
}
