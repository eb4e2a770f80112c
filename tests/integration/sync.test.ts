import "./helpers/env";
import { describe, expect, it } from "vitest";
import { listFolders } from "@/lib/db/folders";
import { ensureSynced, syncFolderList, syncMailbox } from "@/lib/mail/sync-mail";
import { cachedFolder, cachedMessages, signInAs } from "./helpers/app";
import {
  appendMessages, asOtherClient, createMailUser, deliver, seedMessage, selectAsOtherClient, textMessage, uniqueTag,
} from "./helpers/mail";

/** Seed messages (scripts/seed/messages) put into a fresh INBOX, with the subject each must decode to. */
const FIXTURES = [
  { file: "a01-welcome-plain-ascii.eml", flags: ["\\Seen"], subject: "Welcome to maeil" },
  { file: "a06-korean-utf8-base64.eml", flags: ["\\Seen"], subject: "주간 보고서 공유드립니다" },
  { file: "a07-korean-euc-kr.eml", flags: [], subject: "회의 일정 안내" },
  { file: "a08-japanese-iso-2022-jp.eml", flags: [], subject: "会議のお知らせ" },
  { file: "a09-korean-utf8-qp-emoji.eml", flags: ["\\Seen"], subject: "점심 메뉴 추천 부탁해요 🍜" },
  { file: "a10-html-only.eml", flags: ["\\Seen"], subject: "Your November newsletter" },
  { file: "a13-mixed-png-attachment.eml", flags: [], subject: "Screenshot of the new login page" },
  { file: "a18-flagged-contract.eml", flags: ["\\Flagged", "\\Seen"], subject: "Contract renewal - please sign by Friday" },
  { file: "a21-utf8-8bit-q-subject.eml", flags: [], subject: "Quick question about the 배포 schedule" },
] as const;

/** A fresh user with the fixtures in INBOX, signed in; nothing synced yet. */
async function userWithFixtures(label: string) {
  const user = await createMailUser(label);
  const uids = await appendMessages(
    user,
    "INBOX",
    FIXTURES.map((f) => ({ raw: seedMessage(f.file), flags: [...f.flags] })),
  );
  const account = await signInAs(user);
  return { user, account, uids };
}

/** A fresh user with `count` tagged plain messages in INBOX, signed in and synced. */
async function syncedUser(label: string, count: number) {
  const user = await createMailUser(label);
  const tag = uniqueTag();
  const subjects = Array.from({ length: count }, (_, i) => `Sync ${label} ${i} ${tag}`);
  const uids = await appendMessages(user, "INBOX", subjects.map((subject) => ({ raw: textMessage({ subject, to: user.email }) })));
  const account = await signInAs(user);
  await syncMailbox(account, "INBOX");
  return { user, account, tag, subjects, uids };
}

describe("syncFolderList", () => {
  it("caches INBOX and the special-use folders", async () => {
    const user = await createMailUser("folders");
    const account = await signInAs(user);
    await syncFolderList(account);
    const folders = new Map((await listFolders(account.id)).map((f) => [f.path, f]));
    const expected: Record<string, string> = {
      INBOX: "\\Inbox",
      Sent: "\\Sent",
      Drafts: "\\Drafts",
      Trash: "\\Trash",
      Junk: "\\Junk",
      Archive: "\\Archive",
    };
    for (const [path, specialUse] of Object.entries(expected)) {
      expect(folders.get(path), path).toBeDefined();
      expect(folders.get(path)?.specialUse, path).toBe(specialUse);
      expect(folders.get(path)?.selectable, path).toBe(true);
    }
    expect(folders.get("INBOX")?.delimiter).toBe("/");
  });

  it("picks up a folder created by another client and drops a deleted one", async () => {
    const user = await createMailUser("folders2");
    const account = await signInAs(user);
    const name = `Projects-${uniqueTag()}`;
    await asOtherClient(user, async (c) => {
      await c.mailboxCreate(name);
      await c.mailboxCreate(`${name}/Sub`);
    });
    await syncFolderList(account);
    const sub = await cachedFolder(account.id, `${name}/Sub`);
    expect(sub?.parentPath).toBe(name);
    expect(sub?.name).toBe("Sub");

    await asOtherClient(user, async (c) => {
      await c.mailboxDelete(`${name}/Sub`);
    });
    await syncFolderList(account);
    expect(await cachedFolder(account.id, `${name}/Sub`)).toBeNull();
    expect(await cachedFolder(account.id, name)).not.toBeNull();
  });
});

describe("syncMailbox", () => {
  it("caches every INBOX message with decoded subject, snippet and flags", async () => {
    const { account, uids } = await userWithFixtures("sync-all");
    const result = await syncMailbox(account, "INBOX");
    expect(result).toEqual({ added: FIXTURES.length, updated: 0, removed: 0, rebuilt: false });

    const rows = await cachedMessages(account.id, "INBOX");
    expect(rows.size).toBe(FIXTURES.length);
    FIXTURES.forEach((fixture, i) => {
      const row = rows.get(uids[i]!);
      expect(row, fixture.file).toBeDefined();
      expect(row!.subject, fixture.file).toBe(fixture.subject);
      expect(row!.seen, fixture.file).toBe(fixture.flags.includes("\\Seen" as never));
      expect(row!.flagged, fixture.file).toBe(fixture.flags.includes("\\Flagged" as never));
      expect([...row!.flags].sort(), fixture.file).toEqual([...fixture.flags].sort());
      expect(row!.snippet, fixture.file).not.toBe("");
      expect(row!.snippet, fixture.file).not.toContain("\uFFFD");
    });

    const byFile = (file: string) => rows.get(uids[FIXTURES.findIndex((f) => f.file === file)]!)!;
    const euckr = byFile("a07-korean-euc-kr.eml");
    expect(euckr.snippet).toContain("다음 주 화요일 오후 3시에 회의실에서 만나요.");
    expect(euckr.fromName).toBe("김철수");
    expect(euckr.fromAddress).toBe("cskim@corp.example");
    expect(byFile("a08-japanese-iso-2022-jp.eml").snippet).toContain("来週の火曜日に会いましょう。");
    expect(byFile("a10-html-only.eml").snippet).not.toMatch(/<[a-z]/i);
    expect(byFile("a13-mixed-png-attachment.eml").hasAttachments).toBe(true);
    expect(byFile("a13-mixed-png-attachment.eml").snippet).toContain("Here is the screenshot");
    expect(byFile("a01-welcome-plain-ascii.eml").hasAttachments).toBe(false);

    const folder = await cachedFolder(account.id, "INBOX");
    expect(folder?.totalCount).toBe(FIXTURES.length);
    expect(folder?.unreadCount).toBe(FIXTURES.filter((f) => !f.flags.includes("\\Seen" as never)).length);
    expect(folder?.uidValidity).not.toBeNull();
    expect(folder?.syncedAt).not.toBeNull();
  });

  it("a second sync with no change on the server changes nothing", async () => {
    const { account } = await syncedUser("sync-noop", 3);
    const before = await cachedMessages(account.id, "INBOX");
    const result = await syncMailbox(account, "INBOX");
    expect(result).toEqual({ added: 0, updated: 0, removed: 0, rebuilt: false });
    const after = await cachedMessages(account.id, "INBOX");
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [uid, row] of after) expect(row.id).toBe(before.get(uid)!.id);
  });

  it("picks up a newly delivered message on the next sync", async () => {
    const { user, account } = await syncedUser("sync-new", 2);
    const subject = `Delivered later ${uniqueTag()}`;
    deliver(user.email, textMessage({ subject, to: user.email, body: "새 메일이 도착했습니다." }));
    const result = await syncMailbox(account, "INBOX");
    expect(result.added).toBe(1);
    const rows = [...(await cachedMessages(account.id, "INBOX")).values()];
    expect(rows).toHaveLength(3);
    const row = rows.find((r) => r.subject === subject);
    expect(row).toBeDefined();
    expect(row!.seen).toBe(false);
    expect(row!.snippet).toContain("새 메일이 도착했습니다.");
    expect((await cachedFolder(account.id, "INBOX"))?.unreadCount).toBe(3);
  });

  it("drops a message another client expunged", async () => {
    const { user, account, uids, subjects } = await syncedUser("sync-expunge", 3);
    await asOtherClient(user, async (c) => {
      const lock = await c.getMailboxLock("INBOX");
      try {
        await c.messageDelete(String(uids[1]), { uid: true });
      } finally {
        lock.release();
      }
    });
    const result = await syncMailbox(account, "INBOX");
    expect(result).toMatchObject({ added: 0, removed: 1, rebuilt: false });
    const rows = await cachedMessages(account.id, "INBOX");
    expect([...rows.keys()]).toEqual([uids[0], uids[2]]);
    expect([...rows.values()].map((r) => r.subject)).not.toContain(subjects[1]);
    expect((await cachedFolder(account.id, "INBOX"))?.totalCount).toBe(2);
  });

  it("reflects flags changed by another client", async () => {
    const { user, account, uids } = await syncedUser("sync-flags", 2);
    await asOtherClient(user, async (c) => {
      const lock = await c.getMailboxLock("INBOX");
      try {
        await c.messageFlagsAdd(String(uids[0]), ["\\Flagged", "\\Seen"], { uid: true });
      } finally {
        lock.release();
      }
    });
    const result = await syncMailbox(account, "INBOX");
    expect(result).toMatchObject({ added: 0, updated: 1, removed: 0 });
    let rows = await cachedMessages(account.id, "INBOX");
    expect(rows.get(uids[0]!)).toMatchObject({ flagged: true, seen: true });
    expect(rows.get(uids[1]!)).toMatchObject({ flagged: false, seen: false });
    expect((await cachedFolder(account.id, "INBOX"))?.unreadCount).toBe(1);

    await asOtherClient(user, async (c) => {
      const lock = await c.getMailboxLock("INBOX");
      try {
        await c.messageFlagsRemove(String(uids[0]), ["\\Seen"], { uid: true });
      } finally {
        lock.release();
      }
    });
    await syncMailbox(account, "INBOX");
    rows = await cachedMessages(account.id, "INBOX");
    expect(rows.get(uids[0]!)).toMatchObject({ flagged: true, seen: false });
    expect((await cachedFolder(account.id, "INBOX"))?.unreadCount).toBe(2);
  });

  it("rebuilds the cache when UIDVALIDITY changes (folder deleted and recreated)", async () => {
    const user = await createMailUser("sync-uidvalidity");
    const box = `Box-${uniqueTag()}`;
    const oldSubject = `Before recreate ${uniqueTag()}`;
    const newSubject = `After recreate ${uniqueTag()}`;
    await asOtherClient(user, (c) => c.mailboxCreate(box));
    await appendMessages(user, box, [{ raw: textMessage({ subject: oldSubject, to: user.email }) }]);
    const account = await signInAs(user);
    await syncFolderList(account);
    expect((await syncMailbox(account, box)).added).toBe(1);
    const before = await cachedFolder(account.id, box);

    // Same name, new mailbox: Dovecot gives it a new UIDVALIDITY, and UIDs restart at 1.
    await asOtherClient(user, async (c) => {
      await c.mailboxDelete(box);
      await c.mailboxCreate(box);
    });
    const [newUid] = await appendMessages(user, box, [{ raw: textMessage({ subject: newSubject, to: user.email }) }]);

    const result = await syncMailbox(account, box);
    expect(result.rebuilt).toBe(true);
    const after = await cachedFolder(account.id, box);
    expect(after?.uidValidity).not.toBe(before?.uidValidity);
    const rows = await cachedMessages(account.id, box);
    expect([...rows.values()].map((r) => r.subject)).toEqual([newSubject]);
    expect([...rows.keys()]).toEqual([newUid]);
  });

  it("never caches the session-only \\Recent flag (RFC 3501 2.3.2)", async () => {
    // \Recent belongs to one IMAP session, not to the message: caching it
    // shows stale state, and every time another client's SELECT takes it, the
    // next sync "updates" rows that did not change.
    const { user, account } = await syncedUser("sync-recent", 1);
    const subject = `Fresh delivery ${uniqueTag()}`;
    deliver(user.email, textMessage({ subject, to: user.email }));
    expect((await syncMailbox(account, "INBOX")).added).toBe(1);
    const row = [...(await cachedMessages(account.id, "INBOX")).values()].find((r) => r.subject === subject);
    expect(row?.flags).not.toContain("\\Recent");

    await selectAsOtherClient(user, "INBOX");
    expect(await syncMailbox(account, "INBOX")).toEqual({ added: 0, updated: 0, removed: 0, rebuilt: false });
  });

  it("ensureSynced syncs a folder the first time only", async () => {
    const user = await createMailUser("sync-ensure");
    const tag = uniqueTag();
    await appendMessages(user, "INBOX", [{ raw: textMessage({ subject: `First ${tag}`, to: user.email }) }]);
    const account = await signInAs(user);
    await ensureSynced(account, "INBOX");
    expect((await cachedMessages(account.id, "INBOX")).size).toBe(1);

    // Later calls answer from the cache: new server mail waits for a real sync.
    await appendMessages(user, "INBOX", [{ raw: textMessage({ subject: `Second ${tag}`, to: user.email }) }]);
    await ensureSynced(account, "INBOX");
    expect((await cachedMessages(account.id, "INBOX")).size).toBe(1);
    await syncMailbox(account, "INBOX");
    expect((await cachedMessages(account.id, "INBOX")).size).toBe(2);
  });
});
