import "server-only";
import { getAccountById } from "@/lib/db/accounts";
import { prefetchBodies } from "@/lib/mail/get-message";
import { fillFolderDetails, syncMailbox } from "@/lib/mail/sync-mail";
import { jobQueue, QUEUES } from "./queue";
import { startSendWorker } from "./send-worker";
import { startContactsWorker } from "./contacts-worker";

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
  await boss.work<SyncFolderJob>(QUEUES.syncFolder, { pollingIntervalSeconds: 1, batchSize: 1 }, async ([job]) => {
    if (!job) return;
    const account = await getAccountById(job.data.accountId);
    // The account was removed meanwhile: nothing to do, and nothing to retry.
    if (!account) return;
    await syncMailbox(account, job.data.path);
  });
  await boss.work<PrefetchJob>(QUEUES.prefetchBodies, { pollingIntervalSeconds: 1, batchSize: 1 }, async ([job]) => {
    if (!job) return;
    const account = await getAccountById(job.data.accountId);
    if (!account) return;
    await prefetchBodies(account, job.data.path, job.data.uids);
  });
  await boss.work<SyncFolderJob>(QUEUES.fillDetails, { pollingIntervalSeconds: 1, batchSize: 1 }, async ([job]) => {
    if (!job) return;
    const account = await getAccountById(job.data.accountId);
    if (!account) return;
    await fillFolderDetails(account, job.data.path);
  });
  await startSendWorker();
  await startContactsWorker();
}
