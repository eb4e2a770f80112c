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
  // Imported here, not above: lib/ must not load before DATABASE_URL is set.
  // Each stops only what a test started.
  const { stopJobQueue } = await import("@/lib/jobs/queue");
  await stopJobQueue();
  const { closeDatabase } = await import("@/lib/db/database");
  await closeDatabase();
});
