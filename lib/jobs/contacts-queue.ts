import "server-only";
import type PgBoss from "pg-boss";
import { startOnce } from "@/lib/process-wide";
import { jobQueue } from "./queue";

/**
 * The background rebuild of an account's contacts from its cached mail
 * (lib/compose/contacts.ts). Its own module so that both the service that
 * asks for a rebuild and the worker that runs it can use it without
 * importing each other.
 */
export const CONTACTS_QUEUE = "refresh-contacts";

export interface RefreshContactsJob {
  accountId: string;
}

/** The job queue with the contacts queue created (create_queue does nothing when it exists). */
export function contactsQueue(): Promise<PgBoss> {
  return startOnce("contacts-queue", async () => {
    const boss = await jobQueue();
    // "stately" with the account as singletonKey: repeated requests while one
    // waits collapse into it. A rebuild is one SQL statement, so a short expiry.
    await boss.createQueue(CONTACTS_QUEUE, { name: CONTACTS_QUEUE, policy: "stately", expireInSeconds: 5 * 60, retryLimit: 2, retryDelay: 30 });
    return boss;
  });
}

/** Asks for the account's contacts to be rebuilt in the background (merged with a request already waiting). */
export async function enqueueContactsRefresh(accountId: string): Promise<void> {
  const boss = await contactsQueue();
  await boss.send(CONTACTS_QUEUE, { accountId } satisfies RefreshContactsJob, { singletonKey: accountId });
}
