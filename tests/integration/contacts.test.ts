import "./helpers/env";
import { describe, expect, it } from "vitest";
import type { AccountRecord } from "@/lib/db/accounts";
import { database } from "@/lib/db/database";
import { recordSentRecipients, refreshContactsFromMail, REFRESH_AFTER_MS, suggestContacts } from "@/lib/compose/contacts";
import { startContactsWorker } from "@/lib/jobs/contacts-worker";
import { syncFolderList, syncMailbox } from "@/lib/mail/sync-mail";
import { signInAs } from "./helpers/app";
import { appendMessages, asOtherClient, createMailUser, deliver, textMessage, uniqueTag, waitFor, type MailUser } from "./helpers/mail";

/** The contacts rows of an account, by address. */
async function contactRows(accountId: string) {
  const { pool } = await database();
  const { rows } = await pool.query<{ address: string; name: string; sent_count: number; received_count: number; last_used_at: Date }>(
    "SELECT address, name, sent_count, received_count, last_used_at FROM contacts WHERE account_id = $1",
    [accountId],
  );
  return new Map(rows.map((r) => [r.address, r]));
}

async function refreshedAt(accountId: string): Promise<Date | null> {
  const { pool } = await database();
  const { rows } = await pool.query<{ at: Date | null }>("SELECT contacts_refreshed_at AS at FROM accounts WHERE id = $1", [accountId]);
  return rows[0]!.at;
}

async function syncAll(account: AccountRecord, ...paths: string[]): Promise<void> {
  for (const path of paths) await syncMailbox(account, path);
}

/**
 * A mailbox with history: mail received from several people (one of them in
 * Junk, one an automated sender), and mail the user sent (in Sent).
 */
async function mailboxWithHistory(): Promise<{ user: MailUser; account: AccountRecord; tag: string }> {
  const user = await createMailUser("contacts");
  const account = await signInAs(user);
  await syncFolderList(account);
  const tag = uniqueTag();
  const day = (n: number) => new Date(Date.UTC(2026, 0, n, 9));
  // Received: Kim Minsu three times, Kimberly once, a newsletter five times, a spammer in Junk.
  for (let i = 0; i < 3; i++) deliver(user.email, textMessage({ subject: `kim ${i} ${tag}`, from: "Kim Minsu <kim.minsu@corp.example>", to: user.email, date: day(1 + i) }));
  deliver(user.email, textMessage({ subject: `kimberly ${tag}`, from: "Kimberly Park <kimberly@park.example>", to: user.email, date: day(2) }));
  for (let i = 0; i < 5; i++) deliver(user.email, textMessage({ subject: `news ${i} ${tag}`, from: "Kimchi News <news@kimchi.example>", to: user.email }));
  deliver(user.email, textMessage({ subject: `noreply ${tag}`, from: "Kim Service <no-reply@kimservice.example>", to: user.email }));
  deliver(user.email, textMessage({ subject: `spam ${tag}`, from: "Kim Prize <kim.prize@spam.example>", to: user.email }), "Junk");
  // Sent: twice to 홍길동 (once with Kimberly in Cc), once to Lee.
  await appendMessages(user, "Sent", [
    { raw: textMessage({ subject: `s1 ${tag}`, from: user.email, to: "홍길동 <gildong@도메인.한국>" }), flags: ["\\Seen"] },
    { raw: textMessage({ subject: `s2 ${tag}`, from: user.email, to: "홍길동 <GilDong@도메인.한국>, Kimberly Park <kimberly@park.example>" }), flags: ["\\Seen"] },
    { raw: textMessage({ subject: `s3 ${tag}`, from: user.email, to: "Lee Ann <lee@corp.example>" }), flags: ["\\Seen"] },
  ]);
  await syncAll(account, "INBOX", "Sent", "Junk");
  return { user, account, tag };
}

describe("contacts from the cached mail (real Dovecot, real PostgreSQL)", () => {
  it("builds contacts on the first lookup: received senders and Sent recipients, ranked by use", async () => {
    const { account } = await mailboxWithHistory();
    expect(await refreshedAt(account.id)).toBeNull();

    const kim = await suggestContacts(account.id, "kim");
    expect(await refreshedAt(account.id)).not.toBeNull();
    // Kimberly was written to once (5) and wrote once (1) = 6; the newsletter wrote 5 times;
    // Kim Minsu wrote 3 times. The spammer (Junk) and the no-reply sender are not suggested.
    expect(kim.map((c) => c.address)).toEqual(["kimberly@park.example", "news@kimchi.example", "kim.minsu@corp.example"]);
    expect(kim[0]).toEqual({ name: "Kimberly Park", address: "kimberly@park.example" });

    const rows = await contactRows(account.id);
    expect(rows.get("gildong@도메인.한국")).toMatchObject({ name: "홍길동", sent_count: 2, received_count: 0 });
    expect(rows.get("kimberly@park.example")).toMatchObject({ sent_count: 1, received_count: 1 });
    expect(rows.get("kim.minsu@corp.example")).toMatchObject({ name: "Kim Minsu", sent_count: 0, received_count: 3 });
    expect(rows.has("kim.prize@spam.example")).toBe(false);
    expect(rows.has("no-reply@kimservice.example")).toBe(false);
    // The account's own address is the From of Sent mail, which is not counted as received.
    expect(rows.has(account.email)).toBe(false);

    // Names and Korean domains are searched too; addresses already in the field are left out.
    expect(await suggestContacts(account.id, "홍길")).toEqual([{ name: "홍길동", address: "gildong@도메인.한국" }]);
    expect((await suggestContacts(account.id, "도메인")).map((c) => c.address)).toEqual(["gildong@도메인.한국"]);
    expect((await suggestContacts(account.id, "park")).map((c) => c.address)).toEqual(["kimberly@park.example"]);
    expect((await suggestContacts(account.id, "kim", { exclude: ["KIMBERLY@park.example"] })).map((c) => c.address)).not.toContain("kimberly@park.example");
    expect(await suggestContacts(account.id, "nobody-matches-this")).toEqual([]);
    // LIKE wildcards are taken literally.
    expect(await suggestContacts(account.id, "%")).toEqual([]);
    expect(await suggestContacts(account.id, "_")).toEqual([]);
  });

  it("counts a sent message at once, and the later rebuild does not count it twice", async () => {
    const { user, account, tag } = await mailboxWithHistory();
    await refreshContactsFromMail(account.id);
    expect((await suggestContacts(account.id, "kim")).map((c) => c.address)[0]).toBe("kimberly@park.example");

    // The user writes to Kim Minsu (To) and a new person (Bcc): they rank by it at once.
    await recordSentRecipients(account.id, [
      { name: "민수", address: "Kim.Minsu@corp.example" },
      { name: "", address: "kim.new@new.example" },
      { name: "", address: "kim.new@new.example" },
      { name: "", address: "not an address" },
    ]);
    let rows = await contactRows(account.id);
    expect(rows.get("kim.minsu@corp.example")).toMatchObject({ name: "민수", sent_count: 1, received_count: 3 });
    expect(rows.get("kim.new@new.example")).toMatchObject({ name: "", sent_count: 1, received_count: 0 });
    expect(rows.has("not an address")).toBe(false);
    // 1 * 5 + 3 = 8 now beats Kimberly's 6.
    expect((await suggestContacts(account.id, "kim")).map((c) => c.address)[0]).toBe("kim.minsu@corp.example");

    // A rebuild before the Sent copy is cached keeps the count (the new person never wrote: kept, as written to).
    await refreshContactsFromMail(account.id);
    rows = await contactRows(account.id);
    expect(rows.get("kim.minsu@corp.example")).toMatchObject({ sent_count: 1, received_count: 3 });
    expect(rows.get("kim.new@new.example")).toMatchObject({ sent_count: 1 });

    // The Sent copy arrives and is cached: still one message sent, not two.
    await appendMessages(user, "Sent", [{ raw: textMessage({ subject: `s4 ${tag}`, from: user.email, to: "민수 <kim.minsu@corp.example>" }), flags: ["\\Seen"] }]);
    await syncAll(account, "Sent");
    await refreshContactsFromMail(account.id);
    rows = await contactRows(account.id);
    expect(rows.get("kim.minsu@corp.example")).toMatchObject({ sent_count: 1, received_count: 3, name: "민수" });
  });

  it("drops someone who only wrote once their mail is gone (moved to Junk)", async () => {
    const { user, account } = await mailboxWithHistory();
    await refreshContactsFromMail(account.id);
    expect((await contactRows(account.id)).has("kim.minsu@corp.example")).toBe(true);
    await asOtherClient(user, async (client) => {
      const lock = await client.getMailboxLock("INBOX");
      try {
        const uids = (await client.search({ from: "kim.minsu@corp.example" }, { uid: true })) || [];
        expect(uids.length).toBe(3);
        await client.messageMove(uids, "Junk", { uid: true });
      } finally {
        lock.release();
      }
    });
    await syncAll(account, "INBOX", "Junk");
    await refreshContactsFromMail(account.id);
    const rows = await contactRows(account.id);
    expect(rows.has("kim.minsu@corp.example")).toBe(false);
    // Someone the user wrote to stays, even with no mail left to show it.
    expect(rows.get("lee@corp.example")).toMatchObject({ sent_count: 1 });
  });

  it("refreshes stale contacts in the background while the current ones answer at once", async () => {
    const { user, account, tag } = await mailboxWithHistory();
    await refreshContactsFromMail(account.id);
    const { pool } = await database();
    // Make the last rebuild older than the refresh interval.
    await pool.query("UPDATE accounts SET contacts_refreshed_at = now() - make_interval(secs => $2) WHERE id = $1", [account.id, REFRESH_AFTER_MS / 1000 + 60]);
    const before = (await refreshedAt(account.id))!;

    deliver(user.email, textMessage({ subject: `new ${tag}`, from: "Kim Newcomer <kim.newcomer@fresh.example>", to: user.email }));
    await syncAll(account, "INBOX");

    // The lookup answers from the current rows (no newcomer yet) and queues a rebuild.
    expect((await suggestContacts(account.id, "newcomer")).length).toBe(0);
    await startContactsWorker();
    const found = await waitFor(async () => {
      const hits = await suggestContacts(account.id, "newcomer");
      return hits.length ? hits : undefined;
    }, "the background rebuild to add the newcomer", { timeoutMs: 30_000, intervalMs: 500 });
    expect(found).toEqual([{ name: "Kim Newcomer", address: "kim.newcomer@fresh.example" }]);
    expect((await refreshedAt(account.id))!.getTime()).toBeGreaterThan(before.getTime());
  });

  it("keeps two rebuilds at once from tripping over each other", async () => {
    const { account } = await mailboxWithHistory();
    await Promise.all([refreshContactsFromMail(account.id), refreshContactsFromMail(account.id), suggestContacts(account.id, "kim")]);
    expect((await contactRows(account.id)).get("gildong@도메인.한국")).toMatchObject({ sent_count: 2 });
  });
});
