import "server-only";
import type { ImapFlow } from "imapflow";
import type { AccountRecord } from "@/lib/db/accounts";
import { getFolder, listFolders, saveFolderList, type FolderRecord } from "@/lib/db/folders";
import { hasPendingDetails } from "@/lib/db/messages";
import { publishMailEvent } from "@/lib/db/mail-events";
import { localizedError } from "@/lib/i18n/server-errors";
import { listRemoteFolders } from "@/lib/imap/list-folders";
import { syncFolder, unchangedSince, type SyncOptions, type SyncResult } from "@/lib/sync/sync-folder";
import { enqueueDetailFill, enqueueFolderSync } from "@/lib/jobs/queue";
import { fillDetails } from "@/lib/sync/fill-details";
import { watchMailbox } from "@/lib/sync/watch-mailbox";
import { imapLoginFor } from "@/lib/auth/account-credentials";
import { openImap } from "@/lib/imap/connect";
import { mailboxStatus } from "@/lib/imap/mailbox-status";
import { withAccountImap } from "./account-imap";
import { folderStamp } from "./folder-stamp";
import { processWide } from "@/lib/process-wide";
import { InFlight } from "./in-flight";

// Each registry is one per process (processWide), not one per copy of this module: the
// pages, the routes and the jobs that share work through them are bundled apart.
// One sync per folder at a time in this process: a second caller waits for
// the running one instead of fetching the same mail twice.
const syncs = processWide("sync-mail.syncs", () => new InFlight<SyncResult>());
// The sidebar and the page ask for a first folder list at once: one LIST answers both.
const firstListings = processWide("sync-mail.firstListings", () => new InFlight<void>());
// Sign-in (a route) and the page it leads to ask for the Inbox's first visit at once: both wait for the same rows.
const firstVisits = processWide("sync-mail.firstVisits", () => new InFlight<void>());

const folderKey = (account: AccountRecord, path: string) => `${account.id}\u0000${path}`;

/**
 * Refreshes the cached folder list (names, hierarchy, counts) from the
 * server. A synced folder's counters follow its cache: where the server's
 * differ, the folder changed while nobody watched it, and a background sync
 * brings the cache (and so the counters) up to date.
 */
export async function syncFolderList(account: AccountRecord): Promise<void> {
  const folders = await withAccountImap(account, listRemoteFolders);
  const cached = new Map((await listFolders(account.id)).map((f) => [f.path, f]));
  await saveFolderList(account.id, folders);
  const stale = folders.filter((f) => {
    const mine = cached.get(f.path);
    return mine?.syncedAt && mine.selectable && (mine.totalCount !== f.total || mine.unreadCount !== f.unread);
  });
  for (const folder of stale) await enqueueFolderSync(account.id, folder.path);
}

/** The account's cached folders, asking the server only the first time. */
export async function ensureFolderList(account: AccountRecord): Promise<FolderRecord[]> {
  const cached = await listFolders(account.id);
  if (cached.length > 0) return cached;
  await firstListings.run(account.id, () => syncFolderList(account));
  return listFolders(account.id);
}

/**
 * Brings one folder's cached messages in step with the server, on a new
 * connection or on `client` when the caller already holds one.
 */
export function syncMailbox(
  account: AccountRecord,
  path: string,
  client?: ImapFlow,
  options: Pick<SyncOptions, "maxNew" | "onListStored"> = {},
): Promise<SyncResult> {
  return syncs.run(folderKey(account, path), async () => {
    let folder = await getFolder(account.id, path);
    if (!folder) {
      await syncFolderList(account);
      folder = await getFolder(account.id, path);
    }
    if (!folder || !folder.selectable) throw localizedError("NOT_FOUND", "noSuchFolder", { path });
    const target = folder;
    // A long first sync tells open browsers how far it got, at most once a second.
    let lastNotice = Date.now();
    const onProgress = () => {
      if (Date.now() - lastNotice < 1000) return;
      lastNotice = Date.now();
      void publishMailEvent({ accountId: account.id, path }).catch(() => {});
    };
    const run = (c: ImapFlow) => syncFolder(c, target, { ...options, onProgress });
    const unchanged = !client && target.syncedAt !== null && unchangedSince(target, await mailboxStatus(imapLoginFor(account), path));
    const result = unchanged
      ? { added: 0, updated: 0, removed: 0, rebuilt: false }
      : client
        ? await run(client)
        : await withAccountImap(account, run);
    if (result.added || result.removed || result.updated || result.rebuilt) {
      // Every app instance's open browsers for this account refresh (lib/db/mail-events.ts).
      await publishMailEvent({ accountId: account.id, path });
    }
    // Rows from a first pass get their details in the background once the
    // folder's list is complete (and again after a restart cut that short).
    // Not awaited: the caller has what it asked for, and the rows say what is left.
    if (!result.remaining) {
      void hasPendingDetails(target.id)
        .then((pending) => (pending ? enqueueDetailFill(account.id, path) : undefined))
        .catch((error: unknown) => console.error(`[maeil] cannot queue the details of ${path}:`, (error as Error).message));
    }
    return result;
  });
}

/**
 * The list's "check now" (on open, every minute, on focus, the refresh button): syncs the
 * folder and the folder list, and returns the folder's stamp afterwards (folderStamp). The
 * caller compares it with the stamp its list was rendered at: the sync here may find nothing
 * new because a job already stored it after the render.
 */
export async function refreshFolder(account: AccountRecord, path: string): Promise<{ changed: boolean; stamp: string | null }> {
  const result = await syncMailbox(account, path);
  await syncFolderList(account);
  const folder = await getFolder(account.id, path);
  return { changed: result.added + result.removed + result.updated > 0 || result.rebuilt, stamp: folder && folderStamp(folder) };
}

/**
 * Makes sure the account has a cached folder list and a synced folder, the
 * first time only: afterwards pages render straight from PostgreSQL and
 * refreshes run in the background. Callers during a first visit under way in
 * this process wait for the same rows (sign-in starts the Inbox's: `prepareInbox`).
 */
export function ensureSynced(account: AccountRecord, path: string): Promise<void> {
  return firstVisits.run(folderKey(account, path), () => firstVisit(account, path));
}

/**
 * Someone just signed in, and the Inbox is what opens next: its first sync
 * starts now, while the browser follows the redirect, and the page waits for
 * the same work (`ensureSynced`) instead of starting it.
 */
export function prepareInbox(account: AccountRecord): void {
  ensureSynced(account, "INBOX").catch((error: unknown) =>
    console.error("[maeil] cannot prepare the Inbox after sign-in:", (error as Error).message));
}

async function firstVisit(account: AccountRecord, path: string): Promise<void> {
  await ensureFolderList(account);
  const folder = await getFolder(account.id, path);
  if (!folder || !folder.selectable || folder.syncedAt) return;
  if (folder.uidValidity !== null) {
    // A first sync is under way (or was cut short by a restart): the job carries
    // it on; asking again is merged with the job already queued.
    await enqueueFolderSync(account.id, path);
    return;
  }
  // The newest messages now, so the page has something to show; a durable
  // background job brings in the rest (and resumes it after a restart).
  // The page is answered as soon as the rows are stored: the newest page's
  // snippets and attachment markers follow on the same connection (on a big
  // Maildir the server's first body access in a session is its slowest), and
  // the event published when the sync ends refreshes the open list.
  let answered = false;
  let onListStored!: () => void;
  const listStored = new Promise<void>((resolve) => {
    onListStored = () => {
      answered = true;
      resolve();
    };
  });
  const sync = syncMailbox(account, path, undefined, { maxNew: FIRST_SYNC_NOW, onListStored })
    .then(({ remaining }) => (remaining ? enqueueFolderSync(account.id, path) : undefined));
  // A failure before the list was stored is the caller's (thrown below); after it, nobody waits for it any more.
  sync.catch((error: unknown) => {
    if (answered) console.error(`[maeil] first sync of ${path} failed after its list was stored:`, (error as Error).message);
  });
  await Promise.race([listStored, sync]);
}

/**
 * The second pass of a folder's sync (lib/sync/fill-details.ts): snippets,
 * attachment markers and search vectors of the rows the first pass stored
 * from their envelopes, newest first. Open browsers hear about it at most
 * once a second, so their lists pick up the snippets.
 */
export async function fillFolderDetails(account: AccountRecord, path: string, options: { batch?: number } = {}): Promise<number> {
  const folder = await getFolder(account.id, path);
  if (!folder || !folder.selectable) return 0;
  let lastNotice = 0;
  const onProgress = () => {
    if (Date.now() - lastNotice < 1000) return;
    lastNotice = Date.now();
    void publishMailEvent({ accountId: account.id, path }).catch(() => {});
  };
  const filled = await withAccountImap(account, (client) => fillDetails(client, folder, { ...options, onProgress }));
  if (filled) await publishMailEvent({ accountId: account.id, path });
  return filled;
}

/** How many of a folder's newest messages a first visit waits for. */
const FIRST_SYNC_NOW = 500;

/**
 * While someone is looking, the server pushes changes to this folder (IMAP
 * IDLE) and each one is synced at once. Servers with NOTIFY also report the
 * other folders: see `otherFoldersChanged`. Returns the function that stops watching.
 */
export function watchFolder(account: AccountRecord, path: string): () => void {
  return watchMailbox(
    account,
    path,
    () => openImap(imapLoginFor(account), { idle: true }),
    // The watching connection has the folder open already: sync on it, no new login.
    async (client) => {
      await syncMailbox(account, path, client);
    },
    (paths) => void otherFoldersChanged(account, paths).catch((error: unknown) =>
      console.error("[maeil] cannot follow changes in other folders:", (error as Error).message)),
  );
}

/**
 * Folders other than the watched one changed on the server (mail filed there
 * by a server rule, moved or flagged in another client). A cached folder is
 * synced by a background job, which tells browsers when it is done; one never
 * opened only needs its counts for the sidebar, from the folder list, without
 * downloading it.
 */
async function otherFoldersChanged(account: AccountRecord, paths: string[]): Promise<void> {
  const countsOnly: string[] = [];
  for (const path of paths) {
    const folder = await getFolder(account.id, path);
    if (folder?.syncedAt) await enqueueFolderSync(account.id, path);
    else if (folder?.selectable !== false) countsOnly.push(path);
  }
  if (!countsOnly.length) return;
  await syncFolderList(account);
  for (const path of countsOnly) await publishMailEvent({ accountId: account.id, path });
}
