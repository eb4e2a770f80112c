import "./helpers/env";
import { describe, expect, it } from "vitest";
import { startSyncWorker } from "@/lib/jobs/sync-worker";
import { listMessages } from "@/lib/mail/list-messages";
import { ensureSynced, prepareInbox, syncMailbox } from "@/lib/mail/sync-mail";
import { database } from "@/lib/db/database";
import { subscribeMailEvents } from "@/lib/db/mail-events";
import { cachedFolder, cachedMessages, signInAs } from "./helpers/app";
import { asOtherClient, createMailUser, textMessage, uniqueTag, waitFor } from "./helpers/mail";

describe("a big folder's first visit", () => {
  it("shows the newest messages at once and a durable job brings in the rest", async () => {
    const user = await createMailUser("background");
    const tag = uniqueTag();
    await asOtherClient(user, async (client) => {
      for (let i = 0; i < 700; i++) await client.append("INBOX", textMessage({ subject: `Bulk ${i} ${tag}`, to: user.email }));
    });
    const account = await signInAs(user);

    await ensureSynced(account, "INBOX");
    const first = await listMessages(account, "INBOX", {});
    expect(first.syncing).toEqual({ cached: 500, total: 700 });
    // Newest first: the page is the top of the folder, not an arbitrary 500.
    expect(first.messages[0]!.subject).toBe(`Bulk 699 ${tag}`);

    await startSyncWorker();
    await waitFor(async () => (await cachedFolder(account.id, "INBOX"))?.syncedAt ?? undefined, "the background job to finish", { timeoutMs: 60_000 });
    expect((await cachedMessages(account.id, "INBOX")).size).toBe(700);
    expect((await listMessages(account, "INBOX", {})).syncing).toBeNull();
  }, 120_000);
});

/** A user whose Inbox holds `count` messages, message i saying "Line i <tag>" in its body. */
async function userWithLines(label: string, count: number) {
  const user = await createMailUser(label);
  const tag = uniqueTag();
  await asOtherClient(user, async (client) => {
    for (let i = 0; i < count; i++) {
      await client.append("INBOX", textMessage({ subject: `Line ${i} ${tag}`, to: user.email, body: `Line ${i} ${tag} and more.` }));
    }
  });
  return { user, tag, account: await signInAs(user) };
}

describe("a folder's first visit", () => {
  it("has every row stored before the newest page's details are fetched, and those before the sync ends", async () => {
    const { account, tag } = await userWithLines("list-first", 80);
    let atListStored: Awaited<ReturnType<typeof cachedMessages>> | undefined;
    await syncMailbox(account, "INBOX", undefined, {
      maxNew: 500,
      onListStored: async () => {
        atListStored = await cachedMessages(account.id, "INBOX");
      },
    });
    expect(atListStored?.size).toBe(80);
    expect([...atListStored!.values()].filter((m) => !m.needsDetails)).toEqual([]);
    const page = await listMessages(account, "INBOX", {});
    expect(page.detailsPending).toBe(false);
    for (const [k, m] of page.messages.entries()) expect(m.snippet).toContain(`Line ${79 - k} ${tag}`);
  }, 60_000);

  it("is answered with the rows, and the snippets that follow are announced to open browsers", async () => {
    const { account, tag } = await userWithLines("snippets-later", 80);
    const events: string[] = [];
    const unsubscribe = await subscribeMailEvents(account.id, (event) => events.push(event.path));
    try {
      await ensureSynced(account, "INBOX");
      const first = await listMessages(account, "INBOX", {});
      expect(first.messages.map((m) => m.subject)).toEqual(Array.from({ length: 50 }, (_, k) => `Line ${79 - k} ${tag}`));
      // Every row is in: no "n of N" over a list that is complete.
      expect(first.syncing).toBeNull();
      await waitFor(async () => events.includes("INBOX"), "the event that the Inbox changed");
      const later = await listMessages(account, "INBOX", {});
      expect(later.detailsPending).toBe(false);
      for (const [k, m] of later.messages.entries()) expect(m.snippet).toContain(`Line ${79 - k} ${tag}`);
    } finally {
      unsubscribe();
    }
  }, 60_000);

  it("is shared by everyone who asks while it runs, and sign-in starts the Inbox's", async () => {
    const { account, tag } = await userWithLines("prepared", 60);
    // The sidebar and the page (or sign-in and the page) ask at once: one visit, and both wait for its rows.
    const page = ensureSynced(account, "INBOX");
    expect(ensureSynced(account, "INBOX")).toBe(page);
    await page;
    expect((await listMessages(account, "INBOX", {})).messages[0]!.subject).toBe(`Line 59 ${tag}`);

    const other = await userWithLines("prepared-at-sign-in", 3);
    prepareInbox(other.account);
    await waitFor(async () => (await cachedMessages(other.account.id, "INBOX")).size === 3, "the Inbox synced after sign-in");
  }, 60_000);
});

describe("the first page of a folder", () => {
  it("gets its bodies fetched in the background, before anyone opens them", async () => {
    const user = await createMailUser("prefetch");
    const tag = uniqueTag();
    await asOtherClient(user, async (client) => {
      for (let i = 0; i < 60; i++) await client.append("INBOX", textMessage({ subject: `Pre ${i} ${tag}`, to: user.email, body: `Body ${i} ${tag}` }));
    });
    const account = await signInAs(user);
    const page = await listMessages(account, "INBOX", {});
    expect(page.messages).toHaveLength(50);

    await startSyncWorker();
    const { pool } = await database();
    const bodies = () =>
      pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM message_bodies b JOIN messages m ON m.id = b.message_id JOIN folders f ON f.id = m.folder_id
          WHERE f.account_id = $1`,
        [account.id],
      );
    // Exactly the first page: the other 10 wait until someone opens them.
    await waitFor(async () => Number((await bodies()).rows[0]!.n) === 50 || undefined, "50 prefetched bodies", { timeoutMs: 60_000 });
    expect((await cachedMessages(account.id, "INBOX")).get(60)?.seen).toBe(false);
  }, 120_000);
});
