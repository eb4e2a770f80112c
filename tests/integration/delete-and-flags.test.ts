import "./helpers/env";
import { describe, expect, it } from "vitest";
import { deleteMessages } from "@/lib/mail/delete-messages";
import { setMessageFlag } from "@/lib/mail/set-flag";
import { syncMailbox } from "@/lib/mail/sync-mail";
import { cachedFolder, cachedMessages, signInAs } from "./helpers/app";
import { appendMessages, createMailUser, listServerMailbox, textMessage, uniqueTag } from "./helpers/mail";

/** A fresh user with `count` tagged messages in INBOX (flags per message), signed in and synced. */
async function inbox(label: string, flags: string[][]) {
  const user = await createMailUser(label);
  const tag = uniqueTag();
  const subjects = flags.map((_, i) => `${label} ${i} ${tag}`);
  const uids = await appendMessages(
    user,
    "INBOX",
    subjects.map((subject, i) => ({ raw: textMessage({ subject, to: user.email }), flags: flags[i] })),
  );
  const account = await signInAs(user);
  await syncMailbox(account, "INBOX");
  return { user, account, subjects, uids };
}

const subjectsOn = async (user: Parameters<typeof listServerMailbox>[0], mailbox: string) =>
  [...(await listServerMailbox(user, mailbox)).values()].map((m) => m.subject);

describe("deleteMessages", () => {
  it("moves messages to Trash on the server and drops them from the INBOX cache", async () => {
    const { user, account, subjects, uids } = await inbox("delete", [[], [], []]);
    expect(await deleteMessages(account, "INBOX", [uids[0]!, uids[2]!])).toBe("trash");

    expect(await subjectsOn(user, "INBOX")).toEqual([subjects[1]]);
    expect((await subjectsOn(user, "Trash")).sort()).toEqual([subjects[0], subjects[2]].sort());
    const rows = await cachedMessages(account.id, "INBOX");
    expect([...rows.keys()]).toEqual([uids[1]]);
    expect((await cachedFolder(account.id, "INBOX"))?.totalCount).toBe(1);

    // The next sync agrees with what deleteMessages left in the cache.
    expect(await syncMailbox(account, "INBOX")).toEqual({ added: 0, updated: 0, removed: 0, rebuilt: false });
    await syncMailbox(account, "Trash");
    expect([...(await cachedMessages(account.id, "Trash")).values()].map((r) => r.subject).sort()).toEqual(
      [subjects[0], subjects[2]].sort(),
    );
  });

  it("deletes for good when the messages are already in Trash", async () => {
    const { user, account, subjects, uids } = await inbox("delete-twice", [[], []]);
    await deleteMessages(account, "INBOX", [uids[0]!]);
    await syncMailbox(account, "Trash");
    const [trashUid] = (await cachedMessages(account.id, "Trash")).keys();
    expect(await deleteMessages(account, "Trash", [trashUid!])).toBe("deleted");
    expect(await subjectsOn(user, "Trash")).toEqual([]);
    expect(await subjectsOn(user, "INBOX")).toEqual([subjects[1]]);
    expect((await cachedMessages(account.id, "Trash")).size).toBe(0);
  });
});

describe("setMessageFlag", () => {
  it("marks a read message unread on the server and in the cache", async () => {
    const { user, account, uids } = await inbox("unread", [["\\Seen"], ["\\Seen"]]);
    expect((await cachedFolder(account.id, "INBOX"))?.unreadCount).toBe(0);

    await setMessageFlag(account, "INBOX", [uids[0]!], "\\Seen", false);
    const server = await listServerMailbox(user, "INBOX");
    expect(server.get(uids[0]!)?.flags.has("\\Seen")).toBe(false);
    expect(server.get(uids[1]!)?.flags.has("\\Seen")).toBe(true);
    const rows = await cachedMessages(account.id, "INBOX");
    expect(rows.get(uids[0]!)).toMatchObject({ seen: false });
    expect(rows.get(uids[0]!)?.flags).not.toContain("\\Seen");
    expect(rows.get(uids[1]!)).toMatchObject({ seen: true });
    expect((await cachedFolder(account.id, "INBOX"))?.unreadCount).toBe(1);

    // Nothing left for the next sync to correct.
    expect((await syncMailbox(account, "INBOX")).updated).toBe(0);
  });

  it("flags and unflags a message", async () => {
    const { user, account, uids } = await inbox("flag", [[]]);
    await setMessageFlag(account, "INBOX", uids, "\\Flagged", true);
    expect((await listServerMailbox(user, "INBOX")).get(uids[0]!)?.flags.has("\\Flagged")).toBe(true);
    expect((await cachedMessages(account.id, "INBOX")).get(uids[0]!)).toMatchObject({ flagged: true });

    await setMessageFlag(account, "INBOX", uids, "\\Flagged", false);
    expect((await listServerMailbox(user, "INBOX")).get(uids[0]!)?.flags.has("\\Flagged")).toBe(false);
    expect((await cachedMessages(account.id, "INBOX")).get(uids[0]!)).toMatchObject({ flagged: false });
  });
});
