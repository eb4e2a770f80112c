import "server-only";
import type { ImapFlow } from "imapflow";
import type { AccountRecord } from "@/lib/db/accounts";
import { getFolder, listFolders, saveFolderList } from "@/lib/db/folders";
import { publishMailEvent } from "@/lib/db/mail-events";
import { AppError } from "@/lib/errors";
import { listRemoteFolders } from "@/lib/imap/list-folders";
import { syncFolder, type SyncOptions, type SyncResult } from "@/lib/sync/sync-folder";
import { enqueueFolderSync } from "@/lib/jobs/queue";
import { watchMailbox } from "@/lib/sync/watch-mailbox";
import { imapLoginFor } from "@/lib/auth/account-credentials";
import { openImap } from "@/lib/imap/connect";
import { withAccountImap } from "./account-imap";

// One sync per folder at a time in this process: a second caller waits for
// the running one instead of fetching the same mail twice.
const running = new Map<string, Promise<SyncResult>>();

/** Refreshes the cached folder list (names, hierarchy, counts) from the server. */
export async function syncFolderList(account: AccountRecord): Promise<void> {
  const folders = await withAccountImap(account, listRemoteFolders);
  await saveFolderList(account.id, folders);
}

/**
 * Brings one folder's cached messages in step with the server, on a new
 * connection or on `client` when the caller already holds one.
 */
export function syncMailbox(account: AccountRecord, path: string, client?: ImapFlow, options: Pick<SyncOptions, "maxNew"> = {}): Promise<SyncResult> {
  const key = `${account.id}\u0000${path}`;
  const existing = running.get(key);
  if (existing) return existing;
  const work = (async () => {
    let folder = await getFolder(account.id, path);
    if (!folder) {
      await syncFolderList(account);
      folder = await getFolder(account.id, path);
    }
    if (!folder || !folder.selectable) throw new AppError("NOT_FOUND", `There is no folder "${path}".`);
    const target = folder;
    // A long first sync tells open browsers how far it got, at most once a second.
    let lastNotice = Date.now();
    const onProgress = () => {
      if (Date.now() - lastNotice < 1000) return;
      lastNotice = Date.now();
      void publishMailEvent({ accountId: account.id, path }).catch(() => {});
    };
    const run = (c: ImapFlow) => syncFolder(c, target, { ...options, onProgress });
    const result = client ? await run(client) : await withAccountImap(account, run);
    if (result.added || result.removed || result.updated || result.rebuilt) {
      // Every app instance's open browsers for this account refresh (lib/db/mail-events.ts).
      await publishMailEvent({ accountId: account.id, path });
    }
    return result;
  })().finally(() => running.delete(key));
  running.set(key, work);
  return work;
}

/**
 * Makes sure the account has a cached folder list and a synced folder, the
 * first time only: afterwards pages render straight from PostgreSQL and
 * refreshes run in the background.
 */
export async function ensureSynced(account: AccountRecord, path: string): Promise<void> {
  if ((await listFolders(account.id)).length === 0) await syncFolderList(account);
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
  const { remaining } = await syncMailbox(account, path, undefined, { maxNew: FIRST_SYNC_NOW });
  if (remaining) await enqueueFolderSync(account.id, path);
}

/** How many of a folder's newest messages a first visit waits for. */
const FIRST_SYNC_NOW = 500;

/**
 * While someone is looking, the server pushes changes to this folder (IMAP
 * IDLE) and each one is synced at once. Returns the function that stops watching.
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
  );
}
