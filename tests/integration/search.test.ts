import "./helpers/env";
import { describe, expect, it } from "vitest";
import { getMessage } from "@/lib/mail/get-message";
import { searchMail } from "@/lib/mail/search-messages";
import { syncMailbox } from "@/lib/mail/sync-mail";
import { cachedFolder, rejectionOf, signInAs } from "./helpers/app";
import { appendMessages, createMailUser, seedMessage, textMessage } from "./helpers/mail";

/** A fresh user with a few known messages in INBOX and one in Sent, all synced. */
async function searchableUser() {
  const user = await createMailUser("search");
  const uids = await appendMessages(user, "INBOX", [
    { raw: seedMessage("a07-korean-euc-kr.eml") },
    { raw: seedMessage("a13-mixed-png-attachment.eml"), flags: ["\\Seen"] },
    {
      raw: textMessage({
        subject: "Budget review",
        from: "Minji Park <minji@example.test>",
        to: user.email,
        body: `${"Filler paragraph about other things. ".repeat(20)}\n\n예산안 검토는 목요일까지 부탁드립니다. The word zephyrine only appears down here.`,
      }),
      flags: ["\\Seen", "\\Flagged"],
    },
  ]);
  await appendMessages(user, "Sent", [{ raw: textMessage({ subject: "회의실 예약 확인", from: user.email, to: "bob@example.test" }) }]);
  const account = await signInAs(user);
  await syncMailbox(account, "INBOX");
  return { user, account, uids };
}

const subjects = (result: { hits: { subject: string }[] }) => result.hits.map((h) => h.subject).sort();

describe("searchMail", () => {
  it("finds Korean words inside words, in any folder, from the cache", async () => {
    const { account } = await searchableUser();
    // "회의실" sits inside "회의실에서" in the EUC-KR body's first lines, and in a Sent subject.
    expect(subjects(await searchMail(account, { query: "회의실" }))).toEqual(["회의 일정 안내", "회의실 예약 확인"]);
    expect(subjects(await searchMail(account, { query: "회의실", folder: "INBOX" }))).toEqual(["회의 일정 안내"]);
    // Bigrams must be adjacent and in order: the same syllables apart do not match.
    expect(subjects(await searchMail(account, { query: "실회" }))).toEqual([]);
  });

  it("asks the server (IMAP SEARCH) in folders not cached yet, without waiting for them to download", async () => {
    const { user, account } = await searchableUser();
    await appendMessages(user, "Archive", [
      { raw: textMessage({ subject: "Old contract", from: "Lee <lee@example.test>", to: user.email, body: "계약서 원본은 quillwort 폴더에 있습니다." }) },
    ]);
    const result = await searchMail(account, { query: "quillwort" });
    expect(result.hits.map((h) => [h.subject, h.folderPath, h.fromAddress])).toEqual([["Old contract", "Archive", "lee@example.test"]]);
    expect(result.hits[0]!.id).toBeLessThan(0n);
    // Korean goes to the server as UTF-8 (SEARCH CHARSET UTF-8), found inside a longer word.
    expect(subjects(await searchMail(account, { query: "계약서" }))).toEqual(["Old contract"]);
    expect(subjects(await searchMail(account, { query: "from:lee quillwort" }))).toEqual(["Old contract"]);
    expect(subjects(await searchMail(account, { query: "from:kim quillwort" }))).toEqual([]);
    // The folder stays unsynced by the search itself (a background job brings it in).
    expect((await cachedFolder(account.id, "Archive"))?.syncedAt ?? null).toBeNull();
  });

  it("finds words deep in a body once the body is cached", async () => {
    const { account, uids } = await searchableUser();
    expect(subjects(await searchMail(account, { query: "zephyrine" }))).toEqual([]);
    await getMessage(account, "INBOX", uids[2]!);
    expect(subjects(await searchMail(account, { query: "zephyrine" }))).toEqual(["Budget review"]);
    expect(subjects(await searchMail(account, { query: "예산안 목요일" }))).toEqual(["Budget review"]);
  });

  it("applies from:, subject:, has:attachment, is:unread, is:flagged, before: and after:", async () => {
    const { account } = await searchableUser();
    expect(subjects(await searchMail(account, { query: "from:bob has:attachment" }))).toEqual(["Screenshot of the new login page"]);
    expect(subjects(await searchMail(account, { query: "from:minji" }))).toEqual(["Budget review"]);
    expect(subjects(await searchMail(account, { query: "subject:budget" }))).toEqual(["Budget review"]);
    // "budget" is not in the subject of the others, and subject: looks nowhere else.
    expect(subjects(await searchMail(account, { query: "subject:zephyrine" }))).toEqual([]);
    expect(subjects(await searchMail(account, { query: "is:flagged" }))).toEqual(["Budget review"]);
    expect(subjects(await searchMail(account, { query: "is:unread", folder: "INBOX" }))).toEqual(["회의 일정 안내"]);
    expect(subjects(await searchMail(account, { query: "to:bob@example.test" }))).toContain("회의실 예약 확인");
    expect((await searchMail(account, { query: "after:2999-01-01" })).hits).toEqual([]);
    expect((await searchMail(account, { query: "before:2000-01-01" })).hits).toEqual([]);
  });

  it("says what it cannot search for", async () => {
    const { account } = await searchableUser();
    expect((await rejectionOf(searchMail(account, { query: "   " }))).message).toBe("Type something to search for.");
    expect((await rejectionOf(searchMail(account, { query: "is:purple" }))).message).toBe("Cannot search for is:purple.");
    expect((await searchMail(account, { query: "budget is:purple" })).problems).toEqual(["is:purple"]);
  });
});
