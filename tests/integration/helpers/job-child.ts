// A separate process whose worker takes one job of the given queue and never
// finishes it, for the test that kills it (tests/integration/orphaned-jobs.test.ts).
// Usage: <queue>
import { workHoldingLocks } from "@/lib/jobs/job-locks";
import { jobQueue } from "@/lib/jobs/queue";

const boss = await jobQueue();
await workHoldingLocks(boss, process.argv[2]!, 0.5, () => new Promise<void>(() => {}));
