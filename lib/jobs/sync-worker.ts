import "server-only";
import { getAccountById, type AccountRecord } from "@/lib/db/accounts";
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

/** A job's work for its account; a removed account has nothing to do, and nothing to retry. */
function forAccount<T extends SyncFolderJob>(run: (account: AccountRecord, job: T) => Promise<unknown>): (job: T) => Promise<void> {
  return async (job) => {
    const account = await getAccountById(job.accountId);
    if (account) await run(account, job);
  };
}

/**
 * Runs every background job in this process (folder syncs and their second pass, body
 * prefetches, sends, draft copies, contact rebuilds) and retries the jobs of workers that died.
 * The app starts it at boot (instrumentation.ts) unless MAEIL_WORKER=off; `npm run worker` runs only this.
 */
export async function startSyncWorker(): Promise<void> {
  if (started) return;
  started = true;
  const boss = await jobQueue();
  await workHoldingLocks<SyncFolderJob>(boss, QUEUES.syncFolder, 1, forAccount((account, { path }) => syncMailbox(account, path)));
  await workHoldingLocks<PrefetchJob>(boss, QUEUES.prefetchBodies, 1, forAccount((account, { path, uids }) => prefetchBodies(account, path, uids)));
  await workHoldingLocks<SyncFolderJob>(boss, QUEUES.fillDetails, 1, forAccount((account, { path }) => fillFolderDetails(account, path)));
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
