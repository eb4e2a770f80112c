// Changes in folders other than the watched Inbox, reported by the real
// Dovecot over IMAP NOTIFY (RFC 5465) on the watching connection.
import "./helpers/env";
import { afterEach, describe, expect, it } from "vitest";
import { subscribeMailEvents } from "@/lib/db/mail-events";
import { startSyncWorker } from "@/lib/jobs/sync-worker";
import { syncFolderList, syncMailbox, watchFolder } from "@/lib/mail/sync-mail";
import { whenWatching } from "@/lib/sync/watch-mailbox";
import { cachedFolder, cachedMessages, signInAs } from "./helpers/app";
import { asOtherClient, createMailUser, deliver, textMessage, uniqueTag, waitFor } from "./helpers/mail";

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

/** A new user with the Inbox watched (as while a browser is open), and the folders' change notices. */
async function watchingUser(label: string) {
  const user = await createMailUser(label);
  const account = await signInAs(user);
  await syncFolderList(account);
  await syncMailbox(account, "INBOX");
  await startSyncWorker();
  const events: string[] = [];
  stops.push(await subscribeMailEvents(account.id, (event) => events.push(event.path)));
  stops.push(watchFolder(account, "INBOX"));
  expect(await whenWatching(account, "INBOX")).toBe(true);
  return { user, account, events };
}

describe("while the Inbox is watched, another folder", () => {
  it("that is cached gets new mail and flag changes synced, and browsers are told", async () => {
    const { user, account, events } = await watchingUser("notify");
    await syncMailbox(account, "Sent");
    const subject = `Filed ${uniqueTag()}`;
    deliver(user.email, textMessage({ subject, to: user.email }), "Sent");
    await waitFor(async () => [...(await cachedMessages(account.id, "Sent")).values()].find((r) => r.subject === subject), "the filed message in the cache", { timeoutMs: 30_000 });
    // The notice is published after the rows are written, and arrives through PostgreSQL's NOTIFY: it may trail them a little.
    await waitFor(async () => events.includes("Sent"), "the change notice", { timeoutMs: 5_000 });

    await asOtherClient(user, async (client) => {
      await client.mailboxOpen("Sent");
      await client.messageFlagsAdd("1:*", ["\\Flagged"]);
    });
    await waitFor(async () => [...(await cachedMessages(account.id, "Sent")).values()].find((r) => r.subject === subject && r.flagged), "the flag in the cache", { timeoutMs: 30_000 });
  }, 60_000);

  it("never opened gets its counts for the sidebar, without being downloaded", async () => {
    const { user, account, events } = await watchingUser("notify-counts");
    expect(await cachedFolder(account.id, "Junk")).toMatchObject({ totalCount: 0, unreadCount: 0, syncedAt: null });
    deliver(user.email, textMessage({ subject: `Spam ${uniqueTag()}`, to: user.email }), "Junk");
    deliver(user.email, textMessage({ subject: `Spam ${uniqueTag()}`, to: user.email }), "Junk");
    await waitFor(async () => ((await cachedFolder(account.id, "Junk"))?.totalCount === 2) || undefined, "the Junk count", { timeoutMs: 15_000 });
    expect(await cachedFolder(account.id, "Junk")).toMatchObject({ totalCount: 2, unreadCount: 2, syncedAt: null });
    await waitFor(async () => events.includes("Junk") || undefined, "the change notice", { timeoutMs: 5_000 });
    expect((await cachedMessages(account.id, "Junk")).size).toBe(0);
  }, 60_000);
});
