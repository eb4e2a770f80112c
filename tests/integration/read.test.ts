import "./helpers/env";
import { describe, expect, it } from "vitest";
import { database } from "@/lib/db/database";
import { AppError } from "@/lib/errors";
import { getMessage } from "@/lib/mail/get-message";
import { syncMailbox } from "@/lib/mail/sync-mail";
import { PARSER_VERSION } from "@/lib/mime/parse-message";
import { cachedFolder, cachedMessages, rejectionOf, signInAs } from "./helpers/app";
import {
  appendMessages, asOtherClient, createMailUser, listServerMailbox, seedMessage, textMessage, uniqueTag, type MailUser,
} from "./helpers/mail";

/** A fresh user with these seed messages (unread) in INBOX, signed in and synced. */
async function inboxWith(label: string, files: string[]) {
  const user = await createMailUser(label);
  const uids = await appendMessages(user, "INBOX", files.map((file) => ({ raw: seedMessage(file) })));
  const account = await signInAs(user);
  await syncMailbox(account, "INBOX");
  return { user, account, uids };
}

async function serverFlags(user: MailUser, uid: number): Promise<Set<string>> {
  const box = await listServerMailbox(user, "INBOX");
  const message = box.get(uid);
  if (!message) throw new Error(`UID ${uid} is not on the server`);
  return message.flags;
}

describe("getMessage", () => {
  it("decodes the EUC-KR body, caches it and marks the message \\Seen on the server", async () => {
    const { user, account, uids } = await inboxWith("read-euckr", ["a07-korean-euc-kr.eml", "a01-welcome-plain-ascii.eml"]);
    const uid = uids[0]!;
    expect((await serverFlags(user, uid)).has("\\Seen")).toBe(false);
    expect((await cachedFolder(account.id, "INBOX"))?.unreadCount).toBe(2);

    const message = await getMessage(account, "INBOX", uid);
    expect(message.subject).toBe("회의 일정 안내");
    expect(message.body?.text).toContain("다음 주 화요일 오후 3시에 회의실에서 만나요.");
    expect(message.body?.text).not.toContain("\uFFFD");
    expect(message.seen).toBe(true);

    // Cached: the body row exists with the current parser version.
    const { pool } = await database();
    const { rows } = await pool.query("SELECT text, parser_version FROM message_bodies WHERE message_id = $1", [message.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].parser_version).toBe(PARSER_VERSION);
    expect(rows[0].text).toContain("다음 주 화요일 오후 3시에 회의실에서 만나요.");

    // Marked read on the server (seen by a separate connection) and in the cache.
    expect((await serverFlags(user, uid)).has("\\Seen")).toBe(true);
    expect((await cachedMessages(account.id, "INBOX")).get(uid)?.seen).toBe(true);
    expect((await cachedFolder(account.id, "INBOX"))?.unreadCount).toBe(1);

    // A second open needs no IMAP: with the server made unreachable it still answers.
    const offline = { ...account, imapPort: 1 };
    const again = await getMessage(offline, "INBOX", uid);
    expect(again.body?.text).toBe(message.body?.text);
  });

  it("decodes an ISO-2022-JP body", async () => {
    const { account, uids } = await inboxWith("read-jis", ["a08-japanese-iso-2022-jp.eml"]);
    const message = await getMessage(account, "INBOX", uids[0]!);
    expect(message.subject).toBe("会議のお知らせ");
    expect(message.body?.text).toContain("来週の火曜日に会いましょう。");
  });

  it("lists attachments with their IMAP part numbers", async () => {
    const { account, uids } = await inboxWith("read-attach", ["a13-mixed-png-attachment.eml"]);
    const message = await getMessage(account, "INBOX", uids[0]!);
    expect(message.hasAttachments).toBe(true);
    expect(message.body?.attachments).toEqual([
      expect.objectContaining({ part: "2", filename: "login-screenshot.png", contentType: "image/png" }),
    ]);
  });

  it("stores hostile HTML only in sanitised form", async () => {
    const { account, uids } = await inboxWith("read-hostile", ["a19-hostile-html.eml"]);
    const message = await getMessage(account, "INBOX", uids[0]!);
    const html = message.body?.html ?? "";
    expect(html).toContain("Hello Alice");
    expect(html).not.toMatch(/<(script|iframe|form|svg)\b/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/href\s*=\s*["']?\s*javascript:/i);
    // Remote images are disarmed: never left in a src the browser would load.
    expect(html).not.toMatch(/\ssrc\s*=\s*["']?https?:/i);
    expect(html).toContain('href="https://example.invalid/safe"');
    expect(message.body?.hasRemoteContent).toBe(true);
  });

  it("finds a message that arrived after the last sync (opened from a link)", async () => {
    const { user, account } = await inboxWith("read-late", ["a01-welcome-plain-ascii.eml"]);
    const subject = `Arrived late ${uniqueTag()}`;
    const [uid] = await appendMessages(user, "INBOX", [{ raw: textMessage({ subject, to: user.email, body: "late body" }) }]);
    const message = await getMessage(account, "INBOX", uid!);
    expect(message.subject).toBe(subject);
    expect(message.body?.text).toContain("late body");
  });

  it("answers NOT_FOUND for a message another client deleted, and drops it from the cache", async () => {
    const { user, account, uids } = await inboxWith("read-gone", ["a01-welcome-plain-ascii.eml"]);
    await asOtherClient(user, async (c) => {
      const lock = await c.getMailboxLock("INBOX");
      try {
        await c.messageDelete(String(uids[0]), { uid: true });
      } finally {
        lock.release();
      }
    });
    const error = await rejectionOf(getMessage(account, "INBOX", uids[0]!));
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("NOT_FOUND");
    expect((await cachedMessages(account.id, "INBOX")).has(uids[0]!)).toBe(false);
  });
});
