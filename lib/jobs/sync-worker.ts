import "server-only";
import { getAccountById } from "@/lib/db/accounts";
import { prefetchBodies } from "@/lib/mail/get-message";
import { fillFolderDetails, syncMailbox } from "@/lib/mail/sync-mail";
import { jobQueue, QUEUES } from "./queue";
import { startSendWorker } from "./send-worker";
import { startContactsWorker } from "./contacts-worker";
import { CONTACTS_QUEUE } from "./contacts-queue";
import { reapOrphanedJobs, workHoldingLocks } from "./job-locks";

interface SyncFolderJob {
  accountId: string;
  path: string;
}

interface PrefetchJob extends SyncFolderJob {
  uids: number[];
}

let started = false;

/**
 * Runs background jobs (folder syncs, body prefetches) in this process. The app starts it at boot
 * (instrumentation.ts) unless MAEIL_WORKER=off; `npm run worker` runs only this.
 */
export async function startSyncWorker(): Promise<void> {
  if (started) return;
  started = true;
  const boss = await jobQueue();
  // A removed account has nothing to do, and nothing to retry: each job starts by finding it.
  await workHoldingLocks<SyncFolderJob>(boss, QUEUES.syncFolder, 1, async ({ accountId, path }) => {
    const account = await getAccountById(accountId);
    if (account) await syncMailbox(account, path);
  });
  await workHoldingLocks<PrefetchJob>(boss, QUEUES.prefetchBodies, 1, async ({ accountId, path, uids }) => {
    const account = await getAccountById(accountId);
    if (account) await prefetchBodies(account, path, uids);
  });
  await workHoldingLocks<SyncFolderJob>(boss, QUEUES.fillDetails, 1, async ({ accountId, path }) => {
    const account = await getAccountById(accountId);
    if (account) await fillFolderDetails(account, path);
  });
  await startSendWorker();
  await startContactsWorker();
  // Jobs left active by a process that died are retried now, not at their expiry (lib/jobs/job-locks.ts).
  const queues = [...Object.values(QUEUES), CONTACTS_QUEUE];
  const reap = () =>
    reapOrphanedJobs(boss, queues)
      .then((n) => n && console.log(`[maeil] retrying ${n} job(s) whose worker stopped`))
      .catch((error: unknown) => console.error("[maeil] job reaper:", (error as Error).message));
  void reap();
  setInterval(reap, 30_000).unref();
}
