// Runs once when the server starts: the database (embedded or DATABASE_URL)
// is started and migrated before the first request, not during it, and the
// background job worker starts unless MAEIL_WORKER=off.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { database } = await import("@/lib/db/database");
    await database();
    const { env } = await import("@/lib/env");
    if (env().MAEIL_WORKER === "on") {
      const { startSyncWorker } = await import("@/lib/jobs/sync-worker");
      await startSyncWorker();
    }
  }
}
