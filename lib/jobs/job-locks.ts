import "server-only";
import pg from "pg";
import type PgBoss from "pg-boss";
import { database } from "@/lib/db/database";
import { startOnce } from "@/lib/process-wide";
import { QUEUE_SCHEMA } from "./queue";

/**
 * Which jobs still have a live worker. pg-boss marks a job "active" when a
 * worker takes it, and a worker whose process dies (a restart, a crash, a
 * kill) leaves it so until the queue's expiry, up to 15 minutes. On a
 * "stately" queue (one waiting and one running job per folder) that stalls
 * more than the one job: pg-boss 10 fetches the folder's next waiting job,
 * its unique index refuses a second active job for the folder, and every
 * fetch of that queue comes back empty until the expiry, for every folder.
 *
 * So each process runs its jobs holding a PostgreSQL advisory lock per job,
 * on one connection of its own: a lock held means the job's worker is alive,
 * and a dead process's locks go with its connection. `reapOrphanedJobs`
 * fails the active jobs nobody holds, and pg-boss retries them at once.
 */

/** The advisory lock space of job ids (lib/outbox/send-job.ts uses 7231 for outbox entries). */
const LOCK_SPACE = 7232;
const LOCK = `SELECT pg_advisory_lock(${LOCK_SPACE}, hashtext($1))`;
const UNLOCK = `SELECT pg_advisory_unlock(${LOCK_SPACE}, hashtext($1))`;

/**
 * A job that became active this recently may not hold its lock yet (the
 * worker fetched it a moment ago): it is left alone.
 */
const GRACE_SECONDS = 30;

interface JobLocks {
  /** The connection holding this process's locks; replaced when it drops. */
  connection: Promise<pg.Client>;
  /** Jobs this process runs (its own locks, which a check from this session would take again). */
  running: Set<string>;
}

async function connect(url: string, locks: JobLocks): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  // A dropped connection lost its locks: a new one takes those of the jobs still running.
  client.on("error", (error) => {
    console.error("[maeil] job lock connection lost:", error.message);
    locks.connection = reconnect(url, locks);
  });
  await client.connect();
  for (const id of locks.running) await client.query(LOCK, [id]);
  return client;
}

/** Tries again every second until the database answers. */
async function reconnect(url: string, locks: JobLocks): Promise<pg.Client> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    try {
      return await connect(url, locks);
    } catch {
      // Still down.
    }
  }
}

function jobLocks(): Promise<JobLocks> {
  return startOnce("job-locks", async () => {
    const { url } = await database();
    const locks = { running: new Set<string>() } as JobLocks;
    locks.connection = connect(url, locks);
    await locks.connection;
    return locks;
  });
}

/** Runs one job's work while this process holds the job's lock. */
export async function holdingJobLock<T>(jobId: string, work: () => Promise<T>): Promise<T> {
  const locks = await jobLocks();
  locks.running.add(jobId);
  try {
    await (await locks.connection).query(LOCK, [jobId]);
    return await work();
  } finally {
    locks.running.delete(jobId);
    await (await locks.connection).query(UNLOCK, [jobId]).catch(() => {});
  }
}

/** `boss.work` for one job at a time, each run holding its lock. */
export async function workHoldingLocks<T extends object>(
  boss: PgBoss,
  queue: string,
  pollingIntervalSeconds: number,
  handler: (data: T) => Promise<void>,
): Promise<void> {
  await boss.work<T>(queue, { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
    if (job) await holdingJobLock(job.id, () => handler(job.data));
  });
}

/**
 * Fails the active jobs of these queues whose worker is gone (nobody holds
 * their lock), so pg-boss retries them now instead of at their expiry.
 * Returns how many it failed.
 */
export async function reapOrphanedJobs(boss: PgBoss, queues: string[], graceSeconds = GRACE_SECONDS): Promise<number> {
  const { pool } = await database();
  const { rows } = await pool.query<{ id: string; name: string }>(
    `SELECT id, name FROM ${QUEUE_SCHEMA}.job WHERE state = 'active' AND name = ANY($1) AND started_on <= now() - make_interval(secs => $2)`,
    [queues, graceSeconds],
  );
  // Nothing active: no need for this process's lock connection yet.
  if (!rows.length) return 0;
  const locks = await jobLocks();
  let reaped = 0;
  for (const job of rows) {
    if (locks.running.has(job.id)) continue;
    const connection = await locks.connection;
    const { rows: taken } = await connection.query<{ free: boolean }>(
      `SELECT pg_try_advisory_lock(${LOCK_SPACE}, hashtext($1)) AS free`,
      [job.id],
    );
    if (!taken[0]?.free) continue;
    await connection.query(UNLOCK, [job.id]);
    await boss.fail(job.name, job.id, { message: "its worker stopped before it finished" });
    reaped++;
  }
  return reaped;
}
