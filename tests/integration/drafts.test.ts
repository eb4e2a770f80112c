import "./helpers/env";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { listAttachments, readAttachment } from "@/lib/compose/attachment-store";
import { buildMessage } from "@/lib/compose/build-message";
import { saveDraftCopy } from "@/lib/compose/draft-copy";
import { draftSchema } from "@/lib/compose/draft-input";
import { getDraft } from "@/lib/compose/drafts";
import { attachmentUrl } from "@/lib/compose/inline-image-url";
import { openImapDraft } from "@/lib/compose/open-imap-draft";
import { autosaveDraft, discardDraft, startDraft } from "@/lib/compose/start-draft";
import { syncFolderList, syncMailbox } from "@/lib/mail/sync-mail";
import { cachedMessages, rejectionOf, signInAs } from "./helpers/app";
import { appendMessages, asOtherClient, createMailUser, toCrlf, uniqueTag, type MailUser } from "./helpers/mail";

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

/** A draft as another client saves one: HTML with an image in multipart/related, plus a file. */
function foreignDraft(subject: string, image: Buffer, file: Buffer): Buffer {
  return toCrlf(Buffer.from([
    "From: Someone <someone@example.test>",
    "To: Bora Kim <bora@example.test>, dan@example.test",
    "Cc: eve@example.test",
    `Subject: ${subject}`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="mixed"',
    "",
    "--mixed",
    'Content-Type: multipart/related; boundary="related"',
    "",
    "--related",
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    '<p>Chart below &amp; notes</p><p><img src="cid:chart.1&2@other.client" alt="chart"></p><p>그래프</p>',
    "--related",
    "Content-Type: image/png",
    "Content-ID: <chart.1&2@other.client>",
    "Content-Transfer-Encoding: base64",
    "",
    image.toString("base64"),
    "--related--",
    "--mixed",
    'Content-Type: application/pdf; name="notes.pdf"',
    'Content-Disposition: attachment; filename="notes.pdf"',
    "Content-Transfer-Encoding: base64",
    "",
    file.toString("base64"),
    "--mixed--",
    "",
  ].join("\n"), "utf8"));
}

describe("a draft written in another client", () => {
  it("opens for editing with its recipients, the images its body shows, and its files, and is built again from them", async () => {
    const user = await createMailUser("foreign-draft");
    const account = await signInAs(user);
    await syncFolderList(account);
    const subject = `Written elsewhere ${uniqueTag()}`;
    const image = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489", "hex");
    const file = Buffer.from("%PDF-1.4\n% notes\n%%EOF\n");
    await appendMessages(user, "Drafts", [{ raw: foreignDraft(subject, image, file), flags: ["\\Draft"] }]);
    await syncMailbox(account, "Drafts");
    const row = [...(await cachedMessages(account.id, "Drafts")).values()].find((m) => m.subject === subject);
    expect(row).toBeDefined();

    const draftId = await openImapDraft(account, row!.id);
    const draft = (await getDraft(account.id, draftId))!;
    expect(draft.to).toBe("Bora Kim <bora@example.test>, dan@example.test");
    expect(draft.cc).toBe("eve@example.test");
    expect(draft.format).toBe("html");
    const attachments = await listAttachments(draftId);
    const shown = attachments.find((a) => a.contentId);
    const attached = attachments.find((a) => !a.contentId);
    expect(attachments).toHaveLength(2);
    expect(shown?.contentType).toBe("image/png");
    expect(await readAttachment(shown!.id)).toEqual(image);
    expect(attached?.filename).toBe("notes.pdf");
    expect(await readAttachment(attached!.id)).toEqual(file);
    // The editor shows the image from our own URL; nothing still points at the other client's cid.
    expect(draft.bodyHtml).toContain(`src="${attachmentUrl(draftId, shown!.id)}"`);
    expect(draft.bodyHtml).not.toMatch(/cid:/i);
    expect(draft.bodyHtml).toContain("그래프");

    // Saved or sent from here, the image is a part of the message again, under our Content-ID.
    const built = await simpleParser((await buildMessage(account, draft, { forDraftCopy: true })).sentCopy, { keepCidLinks: true });
    expect(built.html).toContain(`cid:${shown!.contentId}`);
    const parts = built.attachments.map((a) => ({ cid: a.cid ?? null, type: a.contentType, bytes: a.content }));
    expect(parts).toEqual(expect.arrayContaining([
      { cid: shown!.contentId, type: "image/png", bytes: image },
      expect.objectContaining({ type: "application/pdf", bytes: file }),
    ]));
  });
});
