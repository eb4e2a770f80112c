import "./helpers/env";
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { database } from "@/lib/db/database";
import { subscribeMailEvents } from "@/lib/db/mail-events";
import { startSyncWorker } from "@/lib/jobs/sync-worker";
import { getMessage } from "@/lib/mail/get-message";
import { listMessages } from "@/lib/mail/list-messages";
import { searchMail } from "@/lib/mail/search-messages";
import { fillFolderDetails, syncFolderList, syncMailbox, watchFolder } from "@/lib/mail/sync-mail";
import { whenWatching } from "@/lib/sync/watch-mailbox";
import { cachedFolder, cachedMessages, signInAs } from "./helpers/app";
import {
  appendMessages, asOtherClient, createMailUser, deliver, listServerMailbox, ROOT, seedMessage, textMessage, uniqueTag, waitFor,
  type MailUser,
} from "./helpers/mail";

/** A word found only in the first line of message `i`'s body (one search token: letters and digits). */
const wordOf = (tag: string, i: number) => `okapi${i}q${tag.replace(/[^a-z0-9]/g, "")}`;

/** Rows of the account's INBOX still waiting for the second pass. */
async function pendingCount(accountId: string): Promise<number> {
  const { pool } = await database();
  const { rows } = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM messages m JOIN folders f ON f.id = m.folder_id
      WHERE f.account_id = $1 AND f.path = 'INBOX' AND m.needs_details`,
    [accountId],
  );
  return Number(rows[0]!.n);
}

/** A folder's counters as they should be: counted from its cached rows. */
async function countedFromCache(accountId: string, path: string) {
  const { pool } = await database();
  const { rows } = await pool.query<{ total: string; unread: string }>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE NOT m.seen) AS unread
       FROM messages m JOIN folders f ON f.id = m.folder_id WHERE f.account_id = $1 AND f.path = $2`,
    [accountId, path],
  );
  return { total: Number(rows[0]!.total), unread: Number(rows[0]!.unread) };
}

async function storedCounters(accountId: string, path: string) {
  const folder = await cachedFolder(accountId, path);
  return { total: folder!.totalCount, unread: folder!.unreadCount };
}

/** `count` plain messages, one minute apart, each with its own word in the body; every third one read. */
async function userWithMessages(label: string, count: number, extra: { raw: Buffer; date: Date }[] = []) {
  const user = await createMailUser(label);
  const tag = uniqueTag();
  const base = Date.UTC(2026, 0, 1);
  const uids = await appendMessages(user, "INBOX", [
    ...extra,
    ...Array.from({ length: count }, (_, i) => ({
      raw: textMessage({ subject: `Two ${i} ${tag}`, to: user.email, body: `First line ${wordOf(tag, i)}\n\nAnd more text.` }),
      flags: i % 3 === 0 ? ["\\Seen"] : [],
      date: new Date(base + i * 60_000),
    })),
  ]);
  return { user, tag, uids, account: await signInAs(user) };
}

const subjectsOf = (result: { hits: { subject: string }[] }) => result.hits.map((h) => h.subject);

describe("two-pass sync", () => {
  it("has the list right after the first pass, and search finds body words after the second", async () => {
    const count = 130;
    const { account, tag, uids } = await userWithMessages("two-pass", count, [
      { raw: seedMessage("a13-mixed-png-attachment.eml"), date: new Date(Date.UTC(2025, 11, 31)) },
    ]);
    const attachmentUid = uids[0]!;
    const uidOf = (i: number) => uids[i + 1]!;

    const result = await syncMailbox(account, "INBOX");
    expect(result).toEqual({ added: count + 1, updated: 0, removed: 0, rebuilt: false });

    // The list is complete and in order, with the right flags and counters, from the first pass.
    const folder = await cachedFolder(account.id, "INBOX");
    expect(folder?.syncedAt).not.toBeNull();
    const unread = 1 + Array.from({ length: count }, (_, i) => i).filter((i) => i % 3 !== 0).length;
    expect(await storedCounters(account.id, "INBOX")).toEqual({ total: count + 1, unread });
    const page = await listMessages(account, "INBOX", {});
    expect(page.syncing).toBeNull();
    expect(page.messages.map((m) => m.subject)).toEqual(Array.from({ length: 50 }, (_, k) => `Two ${count - 1 - k} ${tag}`));
    // The newest page got its details at once.
    for (const [k, m] of page.messages.entries()) expect(m.snippet).toContain(wordOf(tag, count - 1 - k));

    let rows = await cachedMessages(account.id, "INBOX");
    expect(rows.size).toBe(count + 1);
    for (let i = 0; i < count; i++) expect(rows.get(uidOf(i))!.seen, `message ${i}`).toBe(i % 3 === 0);
    const pending = [...rows.values()].filter((r) => r.needsDetails);
    expect(pending).toHaveLength(count + 1 - 50);
    for (const r of pending) expect(r.snippet).toBe("");
    expect(rows.get(attachmentUid)).toMatchObject({ needsDetails: true, hasAttachments: false, subject: "Screenshot of the new login page" });
    expect(subjectsOf(await searchMail(account, { query: wordOf(tag, count - 1) }))).toEqual([`Two ${count - 1} ${tag}`]);
    // Not indexed here yet, so the server's own SEARCH answers for it (a row without a cache id).
    const early = await searchMail(account, { query: wordOf(tag, 0) });
    expect(subjectsOf(early)).toEqual([`Two 0 ${tag}`]);
    expect(early.hits[0]!.id).toBeLessThan(0n);

    // The second pass fills in the rest, newest first.
    expect(await fillFolderDetails(account, "INBOX")).toBe(count + 1 - 50);
    rows = await cachedMessages(account.id, "INBOX");
    expect([...rows.values()].filter((r) => r.needsDetails)).toEqual([]);
    expect(rows.get(uidOf(0))!.snippet).toContain(wordOf(tag, 0));
    expect(rows.get(attachmentUid)).toMatchObject({ hasAttachments: true });
    expect(rows.get(attachmentUid)!.snippet).toContain("Here is the screenshot");
    const indexed = await searchMail(account, { query: wordOf(tag, 0) });
    expect(subjectsOf(indexed)).toEqual([`Two 0 ${tag}`]);
    expect(indexed.hits[0]!.id).toBeGreaterThan(0n);
    expect(subjectsOf(await searchMail(account, { query: "has:attachment", folder: "INBOX" }))).toEqual(["Screenshot of the new login page"]);
    // Nothing else changed, and a second run has nothing to do.
    expect(await storedCounters(account.id, "INBOX")).toEqual({ total: count + 1, unread });
    expect(await fillFolderDetails(account, "INBOX")).toBe(0);
  }, 60_000);

  it("a second pass killed half-way is resumed by the background job", async () => {
    const count = 600;
    const user = await createMailUser("two-pass-kill");
    const tag = uniqueTag();
    // One connection, many APPENDs: much faster than a connection per message.
    await asOtherClient(user, async (client) => {
      for (let i = 0; i < count; i++) {
        await client.append("INBOX", textMessage({ subject: `Kill ${i} ${tag}`, to: user.email, body: `First line ${wordOf(tag, i)}` }), ["\\Seen"]);
      }
    });
    const account = await signInAs(user);
    await syncMailbox(account, "INBOX");
    const waiting = await pendingCount(account.id);
    expect(waiting).toBe(count - 50);

    // Another process runs the second pass in batches of 10; it is killed
    // (SIGKILL: no clean-up at all) once the first batches are stored.
    const child = spawn("npx", ["tsx", "--conditions=react-server", "tests/integration/helpers/fill-child.ts", account.id, "10"], {
      cwd: ROOT,
      env: process.env,
      stdio: "ignore",
      detached: true,
    });
    try {
      await waitFor(async () => (await pendingCount(account.id)) < waiting, "the first batch of details", { timeoutMs: 60_000, intervalMs: 5 });
    } finally {
      process.kill(-child.pid!, "SIGKILL");
    }
    const left = await pendingCount(account.id);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(waiting);
    // Newest first: every row still waiting is older than every row done.
    const { pool } = await database();
    const { rows } = await pool.query<{ newest_pending: string; oldest_done: string }>(
      `SELECT max(m.uid) FILTER (WHERE m.needs_details) AS newest_pending, min(m.uid) FILTER (WHERE NOT m.needs_details) AS oldest_done
         FROM messages m JOIN folders f ON f.id = m.folder_id WHERE f.account_id = $1 AND f.path = 'INBOX'`,
      [account.id],
    );
    expect(Number(rows[0]!.newest_pending)).toBeLessThan(Number(rows[0]!.oldest_done));
    // Meanwhile the server's SEARCH answers for the rows not indexed yet.
    expect((await searchMail(account, { query: wordOf(tag, 0) })).hits.map((h) => h.id < 0n)).toEqual([true]);

    // The next sync of the folder (nothing changed on the server) queues the second pass again.
    await startSyncWorker();
    await syncMailbox(account, "INBOX");
    await waitFor(async () => (await pendingCount(account.id)) === 0, "the second pass to finish", { timeoutMs: 60_000 });
    expect(subjectsOf(await searchMail(account, { query: wordOf(tag, 0) }))).toEqual([`Kill 0 ${tag}`]);
    const cached = await cachedMessages(account.id, "INBOX");
    expect(cached.size).toBe(count);
    for (const row of cached.values()) expect(row.snippet).toMatch(/^First line okapi\d+q/);
  }, 180_000);

  it("a first sync cut short by maxNew resumes exactly, whatever changed meanwhile", async () => {
    const count = 120;
    const { user, uids, account } = await userWithMessages("two-pass-resume", count);
    const partial = await syncMailbox(account, "INBOX", undefined, { maxNew: 60 });
    expect(partial).toMatchObject({ added: 60, remaining: 60 });
    // The newest 60, fetched by sequence numbers; the total is the server's while the rest comes.
    expect([...(await cachedMessages(account.id, "INBOX")).keys()]).toEqual(uids.slice(60));
    expect((await cachedFolder(account.id, "INBOX"))?.syncedAt).toBeNull();
    expect((await cachedFolder(account.id, "INBOX"))?.totalCount).toBe(count);

    await asOtherClient(user, async (client) => {
      const lock = await client.getMailboxLock("INBOX");
      try {
        await client.messageDelete(`${uids[119]},${uids[10]}`, { uid: true }); // one cached, one not
        await client.messageFlagsAdd(String(uids[100]), ["\\Flagged", "\\Seen"], { uid: true }); // cached
        await client.messageFlagsAdd(String(uids[20]), ["\\Seen"], { uid: true }); // not cached yet
      } finally {
        lock.release();
      }
    });
    deliver(user.email, textMessage({ subject: `Arrived meanwhile ${uniqueTag()}`, to: user.email }));

    await syncMailbox(account, "INBOX");
    await expectCacheMatchesServer(user, account.id);
    expect((await cachedFolder(account.id, "INBOX"))?.syncedAt).not.toBeNull();
  }, 60_000);

  it("keeps the folder counters in step with every write, without recounting", async () => {
    const { user, uids, account } = await userWithMessages("two-pass-counts", 6);
    await syncMailbox(account, "INBOX");
    const inStep = async (expected: { total: number; unread: number }) => {
      expect(await storedCounters(account.id, "INBOX")).toEqual(expected);
      expect(await countedFromCache(account.id, "INBOX")).toEqual(expected);
    };
    await inStep({ total: 6, unread: 4 });

    await getMessage(account, "INBOX", uids[1]!); // unread: opening marks it read
    await inStep({ total: 6, unread: 3 });

    deliver(user.email, textMessage({ subject: `Counted ${uniqueTag()}`, to: user.email }));
    await syncMailbox(account, "INBOX");
    await inStep({ total: 7, unread: 4 });

    await asOtherClient(user, async (client) => {
      const lock = await client.getMailboxLock("INBOX");
      try {
        await client.messageDelete(String(uids[0]), { uid: true }); // read
        await client.messageFlagsAdd(String(uids[2]), ["\\Seen"], { uid: true });
        await client.messageFlagsRemove(String(uids[3]), ["\\Seen"], { uid: true });
      } finally {
        lock.release();
      }
    });
    await syncMailbox(account, "INBOX");
    await inStep({ total: 6, unread: 4 });

    // A refresh of the folder list keeps a synced folder's counters (they follow
    // the cache), and has the folder synced when the server's differ.
    await appendMessages(user, "INBOX", [{ raw: textMessage({ subject: `Unseen yet ${uniqueTag()}`, to: user.email }) }]);
    await syncFolderList(account);
    await inStep({ total: 6, unread: 4 });
    await startSyncWorker();
    await waitFor(async () => (await storedCounters(account.id, "INBOX")).total === 7 || undefined, "the queued sync");
    await inStep({ total: 7, unread: 5 });

    // A folder deleted on the server goes with its cached messages.
    const box = `Box-${uniqueTag()}`;
    await asOtherClient(user, (c) => c.mailboxCreate(box));
    await appendMessages(user, box, [{ raw: textMessage({ subject: "In a box", to: user.email }) }]);
    await syncFolderList(account);
    await syncMailbox(account, box);
    expect(await storedCounters(account.id, box)).toEqual({ total: 1, unread: 1 });
    await asOtherClient(user, (c) => c.mailboxDelete(box));
    await syncFolderList(account);
    expect(await cachedFolder(account.id, box)).toBeNull();
  }, 60_000);
});

describe("new mail over IMAP IDLE", () => {
  it("is cached, counted and announced, complete, in one sync", async () => {
    const { user, account } = await userWithMessages("idle", 3);
    await syncMailbox(account, "INBOX");
    const events: string[] = [];
    const unsubscribe = await subscribeMailEvents(account.id, (event) => events.push(event.path));
    const unwatch = watchFolder(account, "INBOX");
    try {
      // Until the watch listens, a delivery would only be seen by the next sync.
      expect(await whenWatching(account, "INBOX")).toBe(true);
      const subject = `Pushed ${uniqueTag()}`;
      deliver(user.email, textMessage({ subject, to: user.email, body: "Arrived while you watched." }));
      await waitFor(async () => events.includes("INBOX") || undefined, "the change notice", { timeoutMs: 10_000, intervalMs: 20 });
      // By the time browsers hear of it, the row is complete and the counters include it.
      const row = [...(await cachedMessages(account.id, "INBOX")).values()].find((r) => r.subject === subject);
      expect(row).toMatchObject({ needsDetails: false, seen: false });
      expect(row!.snippet).toContain("Arrived while you watched.");
      expect(await storedCounters(account.id, "INBOX")).toEqual({ total: 4, unread: 3 });
      expect(subjectsOf(await searchMail(account, { query: "watched", folder: "INBOX" }))).toEqual([subject]);
    } finally {
      unwatch();
      unsubscribe();
    }
  }, 30_000);
});

/** The cached INBOX holds exactly the server's messages, flags and counters. */
async function expectCacheMatchesServer(user: MailUser, accountId: string) {
  const server = await listServerMailbox(user, "INBOX");
  const cached = await cachedMessages(accountId, "INBOX");
  expect([...cached.keys()]).toEqual([...server.keys()].sort((a, b) => a - b));
  for (const [uid, row] of cached) {
    const flags = server.get(uid)!.flags;
    expect({ uid, seen: row.seen, flagged: row.flagged }).toEqual({ uid, seen: flags.has("\\Seen"), flagged: flags.has("\\Flagged") });
  }
  const unread = [...server.values()].filter((m) => !m.flags.has("\\Seen")).length;
  expect(await storedCounters(accountId, "INBOX")).toEqual({ total: server.size, unread });
}
