import "./helpers/env";
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { database } from "@/lib/db/database";
import { reapOrphanedJobs, workHoldingLocks } from "@/lib/jobs/job-locks";
import { jobQueue } from "@/lib/jobs/queue";
import { ROOT, uniqueTag, waitFor } from "./helpers/mail";

// A dead worker is a job fetched and never finished (pg-boss's fetch, then
// nothing), or a real worker process killed mid-job.

async function jobState(id: string): Promise<string | undefined> {
  const { pool } = await database();
  const { rows } = await pool.query<{ state: string }>("SELECT state FROM pgboss.job WHERE id = $1", [id]);
  return rows[0]?.state;
}

/** A stately queue of its own, like the folder sync queue (lib/jobs/queue.ts). */
async function statelyQueue() {
  const boss = await jobQueue();
  const name = `test-orphans-${uniqueTag()}`;
  await boss.createQueue(name, { name, policy: "stately", expireInSeconds: 15 * 60, retryLimit: 3, retryDelay: 0 });
  return { boss, name };
}

describe("a job whose worker died", () => {
  it("stalls its stately queue, for every folder, until it is reaped and retried", async () => {
    const { boss, name } = await statelyQueue();
    await boss.send(name, { n: 1 }, { singletonKey: "INBOX" });
    // A worker takes it and its process dies: active, and nobody holds its lock.
    const [dead] = await boss.fetch<{ n: number }>(name);
    expect(dead?.data.n).toBe(1);
    // Meanwhile the same folder is asked for again, and another folder too.
    await boss.send(name, { n: 2 }, { singletonKey: "INBOX" });
    await boss.send(name, { n: 3 }, { singletonKey: "Work" });
    // pg-boss 10 tries to start the folder's next job next to the dead one: its
    // unique index refuses, the fetch gives nothing, and no other folder's job starts either.
    expect(await boss.fetch(name)).toEqual([]);
    expect(await boss.fetch(name)).toEqual([]);

    expect(await reapOrphanedJobs(boss, [name], 0)).toBe(1);
    expect(await jobState(dead!.id)).toBe("retry");
    const moving = await boss.fetch<{ n: number }>(name, { batchSize: 3 });
    expect(moving.map((job) => job.data.n).sort()).toEqual([1, 3]);
    expect(await reapOrphanedJobs(boss, [name], 0)).toBe(2);
  });

  it("is left alone while its worker's process lives, and retried once it is killed", async () => {
    const { boss, name } = await statelyQueue();
    const child = spawn("npx", ["tsx", "--conditions=react-server", "tests/integration/helpers/job-child.ts", name], {
      cwd: ROOT,
      env: process.env,
      stdio: "ignore",
      detached: true,
    });
    try {
      const id = (await boss.send(name, { n: 1 }, { singletonKey: "INBOX" }))!;
      await waitFor(async () => (await jobState(id)) === "active", "the other process to take the job", { timeoutMs: 60_000 });
      expect(await reapOrphanedJobs(boss, [name], 0)).toBe(0);
      expect(await jobState(id)).toBe("active");

      // SIGKILL: no clean-up at all; the locks go with the process's connection.
      process.kill(-child.pid!, "SIGKILL");
      await waitFor(async () => (await reapOrphanedJobs(boss, [name], 0)) === 1, "the dead worker's job to be reaped");
      expect(await jobState(id)).toBe("retry");
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
    }
  }, 90_000);

  it("is never taken for dead while this process runs it", async () => {
    const { boss, name } = await statelyQueue();
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    await workHoldingLocks<{ n: number }>(boss, name, 0.5, () => finished);
    const id = (await boss.send(name, { n: 1 }, { singletonKey: "INBOX" }))!;
    await waitFor(async () => (await jobState(id)) === "active", "the worker to take the job");
    expect(await reapOrphanedJobs(boss, [name], 0)).toBe(0);
    finish();
    await waitFor(async () => (await jobState(id)) === "completed", "the job to complete");
    await boss.offWork(name);
  });

  it("waits out a grace period, so a job just taken has time to lock", async () => {
    const { boss, name } = await statelyQueue();
    await boss.send(name, { n: 1 }, { singletonKey: "INBOX" });
    const [taken] = await boss.fetch(name);
    expect(await reapOrphanedJobs(boss, [name])).toBe(0);
    expect(await jobState(taken!.id)).toBe("active");
  });
});
