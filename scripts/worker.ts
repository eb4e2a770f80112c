// Runs maeil's background jobs (folder syncs) without the web server: for
// deployments that keep web instances light with MAEIL_WORKER=off.
import { startSyncWorker } from "@/lib/jobs/sync-worker";

await startSyncWorker();
console.log("[maeil] worker running; Ctrl-C stops it.");
