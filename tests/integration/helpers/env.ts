/**
 * Import this FIRST in every integration test file. It points lib/ at the
 * run's throwaway database (from global-setup.ts) before lib/env.ts parses
 * the environment, and closes the database pool after the file.
 */
import { afterAll, inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
// Fixed, so sealed passwords are reproducible within a run; never used outside tests.
process.env.NEXTAUTH_SECRET = "maeil-integration-tests-only-secret-0123456789";
process.env.MAEIL_DATA_DIR ??= ".data/test";

afterAll(async () => {
  // Stop the job queue if a test started it (lib/jobs/queue.ts keeps it here).
  const queue = (globalThis as unknown as { __maeilQueue?: Promise<{ stop(o?: object): Promise<void> }> }).__maeilQueue;
  if (queue) await (await queue).stop({ graceful: false, wait: true }).catch(() => {});
  // lib/db/database.ts keeps its promise here; close only what was opened.
  const holder = globalThis as unknown as { __maeilDatabase?: Promise<{ pool: { end(): Promise<void> }; prisma: { $disconnect(): Promise<void> } }> };
  const opened = holder.__maeilDatabase;
  if (!opened) return;
  holder.__maeilDatabase = undefined;
  const { prisma, pool } = await opened;
  await prisma.$disconnect().catch(() => {});
  await pool.end().catch(() => {});
});
