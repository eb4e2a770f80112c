import "server-only";
import type { AccountRecord } from "@/lib/db/accounts";
import { enqueueBodyPrefetch } from "@/lib/jobs/queue";
import { getFolder } from "@/lib/db/folders";
import { countCached, listMessagePage, uidsWithoutBody, type FolderListRow, type ListCursor, type MessageSummary } from "@/lib/db/messages";
import { folderStamp } from "./folder-stamp";
import { getFolderOrThrow } from "./get-folder";
import { MAX_ROWS, PAGE_SIZE } from "./list-paging";
import { ensureSynced } from "./sync-mail";

/**
 * A list row as the browser gets it (server-rendered props and the
 * /api/folders/messages answer alike): only what a row shows, in plain JSON,
 * so a page of rows costs a few KB on the wire instead of a rendered tree.
 */
export interface ListRow {
  /** The message's database id, as a string (JSON has no bigint). */
  id: string;
  uid: number;
  /** Sender's name, else address; empty when the message names none. */
  from: string;
  subject: string;
  snippet: string;
  /** receivedAt in epoch ms. */
  at: number;
  seen: boolean;
  flagged: boolean;
  attachment: boolean;
  /** Only in lists that span folders (search): where the message is, and that folder's display name. */
  folder?: string;
  folderLabel?: string;
}

export function toListRow(m: MessageSummary, where?: { folder: string; folderLabel: string }): ListRow {
  const row: ListRow = {
    id: String(m.id), uid: m.uid, from: m.fromName || m.fromAddress, subject: m.subject, snippet: m.snippet,
    at: m.receivedAt.getTime(), seen: m.seen, flagged: m.flagged, attachment: m.hasAttachments,
  };
  return where ? { ...row, ...where } : row;
}

export interface MessagePage {
  messages: FolderListRow[];
  total: number;
  /** 1-based position of the first row, for "51-100 of 312". */
  firstIndex: number;
  newer: ListCursor | null;
  older: ListCursor | null;
  /** While a first sync is still bringing messages in: how many of how many are here. */
  syncing: { cached: number; total: number } | null;
  /** Rows of this page still wait for their snippet and attachment marker (a sync's second pass brings them). */
  detailsPending: boolean;
  /** The folder's state this page was read at (folderStamp). */
  stamp: string;
}


/** Cursor <-> URL: "<epoch ms>.<uid>", opaque to users and cheap to parse. */
export function encodeCursor(cursor: ListCursor): string {
  return `${cursor.receivedAt.getTime()}.${cursor.uid}`;
}

export function decodeCursor(value: string | undefined): ListCursor | undefined {
  const match = value?.match(/^(\d{1,15})\.(\d{1,10})$/);
  return match ? { receivedAt: new Date(Number(match[1])), uid: Number(match[2]) } : undefined;
}

/**
 * One page of a folder, newest first, served from PostgreSQL. The first visit
 * to a folder syncs it before answering; after that the cache answers at once.
 */
export async function listMessages(
  account: AccountRecord,
  path: string,
  position: { after?: ListCursor; before?: ListCursor; index?: number; limit?: number },
): Promise<MessagePage> {
  // A folder that has been synced once is served from the cache without
  // asking anything else first (the common case: one query, not three).
  let folder = await getFolder(account.id, path);
  if (!folder?.syncedAt) {
    await ensureSynced(account, path);
    folder = await getFolderOrThrow(account, path);
  }
  const size = Math.min(Math.max(1, position.limit ?? PAGE_SIZE), MAX_ROWS);
  let messages = await listMessagePage(folder.id, { ...position, limit: size + 1 });
  // One extra row says whether there is a page beyond this one in the direction of travel.
  const more = messages.length > size;
  if (more) messages = position.before ? messages.slice(1) : messages.slice(0, size);
  const first = messages[0];
  const last = messages.at(-1);
  // Where the page starts comes with the link (counting the rows above a deep
  // cursor would cost as much as OFFSET); back at the top it is 1 again.
  const top = !position.after && !position.before;
  const atTop = top || (position.before !== undefined && !more);
  const firstIndex = atTop ? 1 : Math.max(1, position.index ?? 1);
  const cursorOf = (m: MessageSummary): ListCursor => ({ receivedAt: m.receivedAt, uid: m.uid });
  // The top of the folder is what gets opened next: have its bodies ready. Not awaited: the
  // page does not depend on it, and the check is one more round trip on every first page.
  if (top) {
    prefetchBodies(account, path, folder.id, folderStamp(folder), messages).catch((error: unknown) =>
      console.error(`[maeil] cannot queue the first bodies of ${path}:`, (error as Error).message));
  }
  const cached = folder.syncedAt ? null : await countCached(folder.id);
  // All in already (a first visit answers before the sync's last steps): nothing left to count.
  const syncing = cached === null || cached >= folder.totalCount ? null : { cached, total: folder.totalCount };
  return {
    messages,
    syncing,
    detailsPending: messages.some((m) => m.needsDetails),
    stamp: folderStamp(folder),
    total: folder.totalCount,
    firstIndex,
    newer: first && !atTop ? cursorOf(first) : null,
    older: last && (position.before ? true : more) ? cursorOf(last) : null,
  };
}

/**
 * Top pages found with every body cached, by folder state: page 1 asked for
 * again while nothing changed in the folder skips the check (cached bodies
 * are only dropped with their message, which changes the state).
 */
const toppedUp = new Set<string>();
const TOPPED_UP_MAX = 1000;

async function prefetchBodies(account: AccountRecord, path: string, folderId: bigint, stamp: string, messages: MessageSummary[]): Promise<void> {
  const key = `${folderId}:${stamp}:${messages[0]?.uid}:${messages.at(-1)?.uid}`;
  if (toppedUp.has(key)) return;
  const uncached = await uidsWithoutBody(folderId, messages.map((m) => m.uid));
  if (uncached.length) return enqueueBodyPrefetch(account.id, path, uncached);
  if (toppedUp.size >= TOPPED_UP_MAX) toppedUp.delete(toppedUp.values().next().value!);
  toppedUp.add(key);
}
