import "server-only";
import PgBoss from "pg-boss";
import { database } from "@/lib/db/database";
import { startOnce, takeStarted } from "@/lib/process-wide";

/**
 * Durable background work in PostgreSQL (pg-boss): jobs survive restarts,
 * and any app instance, or a separate `npm run worker` process on another
 * machine, can run them. pg-boss keeps its tables in its own `pgboss` schema
 * and migrates them itself.
 */

export const QUEUES = {
  /** Sync one folder of one account: { accountId, path }. */
  syncFolder: "sync-folder",
  /** Fetch and cache the bodies of the given messages: { accountId, path, uids }. */
  prefetchBodies: "prefetch-bodies",
  /** A folder sync's second pass (snippets, attachment markers, search vectors): { accountId, path }. */
  fillDetails: "fill-details",
  /** Submit one outbox entry over SMTP, then save it to Sent: { submissionId }. */
  sendMail: "send-mail",
  /** Copy a draft's latest revision to the IMAP Drafts folder: { draftId }. */
  draftCopy: "draft-copy",
} as const;

const JOB_QUEUE = "job-queue";
/** The schema of pg-boss's tables, for the one query pg-boss has no call for (lib/jobs/job-locks.ts). */
export const QUEUE_SCHEMA = "pgboss";

async function open(): Promise<PgBoss> {
  const { url } = await database();
  const boss = new PgBoss({ connectionString: url, schema: QUEUE_SCHEMA, max: 4 });
  boss.on("error", (error) => console.error("[maeil] job queue:", error.message));
  await boss.start();
  // "stately": at most one waiting and one running job per folder, so a burst
  // of requests for the same folder's sync collapses into one.
  await boss.createQueue(QUEUES.syncFolder, {
    name: QUEUES.syncFolder,
    policy: "stately",
    // A worker killed mid-sync leaves its job active; after this long it is
    // retried, and the sync resumes where the cache stops.
    expireInSeconds: 15 * 60,
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
  });
  // Prefetching is a nicety: short expiry, one retry, never piles up per folder.
  await boss.createQueue(QUEUES.prefetchBodies, {
    name: QUEUES.prefetchBodies,
    policy: "stately",
    expireInSeconds: 5 * 60,
    retryLimit: 1,
  });
  // Like a sync: one waiting and one running per folder, and a worker killed
  // half-way is retried; the rows still marked needs_details say what is left.
  await boss.createQueue(QUEUES.fillDetails, {
    name: QUEUES.fillDetails,
    policy: "stately",
    expireInSeconds: 15 * 60,
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
  });
  // Each attempt of a send is its own job, scheduled by lib/outbox/send-job.ts
  // (which owns the backoff). These retries only cover a worker that died
  // mid-job; the submission's state keeps a retry from sending twice.
  await boss.createQueue(QUEUES.sendMail, {
    name: QUEUES.sendMail,
    expireInSeconds: 5 * 60,
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
  });
  // One waiting copy per draft: saves in a burst collapse into one IMAP APPEND.
  await boss.createQueue(QUEUES.draftCopy, {
    name: QUEUES.draftCopy,
    policy: "stately",
    expireInSeconds: 5 * 60,
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
  });
  return boss;
}

/** The started queue (shared by everything in this process). */
export function jobQueue(): Promise<PgBoss> {
  return startOnce(JOB_QUEUE, open);
}

/** Stops the queue if it was started (a test file's end), without waiting for running jobs. */
export async function stopJobQueue(): Promise<void> {
  const started = await takeStarted<PgBoss>(JOB_QUEUE)?.catch(() => undefined);
  await started?.stop({ graceful: false, wait: true }).catch(() => {});
}

/** Asks for a folder to be synced in the background (merged with one already waiting). */
export async function enqueueFolderSync(accountId: string, path: string): Promise<void> {
  const boss = await jobQueue();
  await boss.send(QUEUES.syncFolder, { accountId, path }, { singletonKey: `${accountId}:${path}` });
}

/** Asks for the second pass of a folder's sync (merged with one already waiting). */
export async function enqueueDetailFill(accountId: string, path: string): Promise<void> {
  const boss = await jobQueue();
  await boss.send(QUEUES.fillDetails, { accountId, path }, { singletonKey: `${accountId}:${path}` });
}

/** Asks for these messages' bodies to be fetched and cached ahead of their first open. */
export async function enqueueBodyPrefetch(accountId: string, path: string, uids: number[]): Promise<void> {
  if (!uids.length) return;
  const boss = await jobQueue();
  await boss.send(QUEUES.prefetchBodies, { accountId, path, uids }, { singletonKey: `${accountId}:${path}` });
}

/** Schedules an attempt to send an outbox entry (at `at`, or now). */
export async function enqueueSend(submissionId: string, at?: Date): Promise<void> {
  const boss = await jobQueue();
  await boss.send(QUEUES.sendMail, { submissionId }, at && at.getTime() > Date.now() ? { startAfter: at } : {});
}

/** Asks for a draft's IMAP copy to be refreshed a few seconds from now (merged with one already waiting). */
export async function enqueueDraftCopy(draftId: string, delaySeconds = 5): Promise<void> {
  const boss = await jobQueue();
  await boss.send(QUEUES.draftCopy, { draftId }, { singletonKey: draftId, startAfter: delaySeconds });
}
