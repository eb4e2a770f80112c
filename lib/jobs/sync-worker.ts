import "server-only";
import { getAccountById } from "@/lib/db/accounts";
import { syncMailbox } from "@/lib/mail/sync-mail";
import { jobQueue, QUEUES } from "./queue";

interface SyncFolderJob {
  accountId: string;
  path: string;
}

let started = false;

/**
 * Runs background folder syncs in this process. The app starts it at boot
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
}
