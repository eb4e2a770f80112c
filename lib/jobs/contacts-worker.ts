import "server-only";
import { refreshContactsFromMail } from "@/lib/compose/contacts";
import { CONTACTS_QUEUE, contactsQueue, type RefreshContactsJob } from "./contacts-queue";
import { workHoldingLocks } from "./job-locks";

let started = false;

/** Runs contact rebuilds in this process; started with the other workers (lib/jobs/sync-worker.ts). */
export async function startContactsWorker(): Promise<void> {
  if (started) return;
  started = true;
  const boss = await contactsQueue();
  // A removed account's contacts went with it (ON DELETE CASCADE); the rebuild then finds nothing.
  await workHoldingLocks<RefreshContactsJob>(boss, CONTACTS_QUEUE, 2, ({ accountId }) => refreshContactsFromMail(accountId));
}
