import "server-only";
import { saveDraftCopy } from "@/lib/compose/draft-copy";
import { requeueStalledSubmissions } from "@/lib/outbox/cancel";
import { runSubmission } from "@/lib/outbox/send-job";
import { jobQueue, QUEUES } from "./queue";
import { workHoldingLocks } from "./job-locks";

let started = false;

/** Runs outgoing-mail jobs in this process: sends from the outbox, and IMAP copies of drafts. */
export async function startSendWorker(): Promise<void> {
  if (started) return;
  started = true;
  const boss = await jobQueue();
  await workHoldingLocks<{ submissionId: string }>(boss, QUEUES.sendMail, 0.5, ({ submissionId }) => runSubmission(submissionId));
  await workHoldingLocks<{ draftId: string }>(boss, QUEUES.draftCopy, 1, ({ draftId }) => saveDraftCopy(draftId));
  // A send whose job was lost (queue down when it was made) is picked up here.
  const sweep = () => requeueStalledSubmissions().catch((error: unknown) => console.error("[maeil] outbox sweep:", error));
  void sweep();
  setInterval(sweep, 60_000).unref();
}
