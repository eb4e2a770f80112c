import "./helpers/env";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { saveDraftCopy } from "@/lib/compose/draft-copy";
import { draftSchema } from "@/lib/compose/draft-input";
import { getDraft } from "@/lib/compose/drafts";
import { autosaveDraft, discardDraft, startDraft } from "@/lib/compose/start-draft";
import { syncFolderList } from "@/lib/mail/sync-mail";
import { rejectionOf, signInAs } from "./helpers/app";
import { asOtherClient, createMailUser, uniqueTag, type MailUser } from "./helpers/mail";

/** The user's Drafts folder on the server: flags and parsed source of each message. */
async function serverDrafts(user: MailUser) {
  return asOtherClient(user, async (client) => {
    const lock = await client.getMailboxLock("Drafts", { readOnly: true });
    try {
      const out = [];
      for await (const m of client.fetch("1:*", { uid: true, flags: true, source: true })) {
        out.push({ uid: m.uid, flags: new Set(m.flags ?? []), parsed: await simpleParser(m.source!) });
      }
      return out;
    } catch {
      return []; // an empty mailbox has no 1:*
    } finally {
      lock.release();
    }
  });
}

const fields = (over: Record<string, unknown>) => draftSchema.parse({ format: "text", ...over });

describe("drafts: saved in PostgreSQL at once, copied to the IMAP Drafts folder", () => {
  it("keeps exactly one IMAP copy, the latest revision, marked \\Draft", async () => {
    const user = await createMailUser("draft-copy");
    const account = await signInAs(user);
    await syncFolderList(account);
    const tag = uniqueTag();
    const draft = await startDraft(account, fields({ to: "someone@example.test", subject: `First ${tag}`, bodyText: "v1" }));
    await autosaveDraft(account, draft.id, fields({ to: "someone@example.test", subject: `First ${tag}`, bodyText: "v1" }));
    await saveDraftCopy(draft.id);
    let copies = await serverDrafts(user);
    expect(copies).toHaveLength(1);
    expect(copies[0]!.flags.has("\\Draft")).toBe(true);
    expect(copies[0]!.parsed.headers.get("x-maeil-draft")).toBe(draft.id);
    expect(copies[0]!.parsed.text?.trim()).toBe("v1");

    await autosaveDraft(account, draft.id, fields({ to: "not an address@", subject: `Second ${tag}`, bodyText: "v2 — 한글" }));
    await saveDraftCopy(draft.id);
    copies = await serverDrafts(user);
    expect(copies.map((c) => c.parsed.subject)).toEqual([`Second ${tag}`]);
    expect(copies[0]!.parsed.text?.trim()).toBe("v2 — 한글");
    // The invalid address is kept as typed in PostgreSQL, never lost.
    expect((await getDraft(account.id, draft.id))?.to).toBe("not an address@");

    // Nothing changed: no new copy.
    await saveDraftCopy(draft.id);
    expect((await serverDrafts(user)).map((c) => c.uid)).toEqual(copies.map((c) => c.uid));

    await discardDraft(account, draft.id);
    expect(await getDraft(account.id, draft.id)).toBeNull();
    expect(await serverDrafts(user)).toEqual([]);
  });

  it("a draft of another account cannot be read or saved", async () => {
    const [a, b] = [await createMailUser("draft-owner"), await createMailUser("draft-other")];
    const [owner, other] = [await signInAs(a), await signInAs(b)];
    const draft = await startDraft(owner, fields({ subject: "mine" }));
    expect(await getDraft(other.id, draft.id)).toBeNull();
    const error = await rejectionOf(autosaveDraft(other, draft.id, fields({ subject: "stolen" })));
    expect(error.code).toBe("NOT_FOUND");
    expect((await getDraft(owner.id, draft.id))?.subject).toBe("mine");
  });
});
