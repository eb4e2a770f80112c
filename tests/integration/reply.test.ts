import "./helpers/env";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { getReplyDraft } from "@/lib/mail/get-reply-draft";
import { syncMailbox } from "@/lib/mail/sync-mail";
import { db } from "@/lib/db/database";
import { cachedMessages, signInAs } from "./helpers/app";
import { sendDraftNow } from "./helpers/outbox";
import { appendMessages, createMailUser, sourceOf, toCrlf, uniqueTag } from "./helpers/mail";

describe("replying", () => {
  it("threads the reply (In-Reply-To, References, one Re:) and marks the original answered", async () => {
    const kim = await createMailUser("reply-kim");
    const me = await createMailUser("reply-me");
    const tag = uniqueTag();
    const original = toCrlf(
      Buffer.from(
        [
          `From: Kim <${kim.email}>`,
          `To: ${me.email}`,
          `Subject: Re: Q4 plan ${tag}`,
          "Date: Mon, 23 Nov 2026 10:00:00 +0900",
          `Message-ID: <orig-${tag}@example.test>`,
          `References: <root-${tag}@example.test>`,
          "Content-Type: text/plain; charset=utf-8",
          "",
          "Can you check the numbers?",
          "",
        ].join("\n"),
      ),
    );
    await appendMessages(me, "INBOX", [{ raw: original }]);
    const account = await signInAs(me);
    await syncMailbox(account, "INBOX");
    const [row] = [...(await cachedMessages(account.id, "INBOX")).values()];

    const draft = await getReplyDraft(account, row!.id, "reply");
    expect(draft.to).toBe(`Kim <${kim.email}>`);
    expect(draft.subject).toBe(`Re: Q4 plan ${tag}`);
    expect(draft.body).toContain("> Can you check the numbers?");
    await (await db()).account.update({ where: { id: account.id }, data: { undoSendSeconds: 0 } });
    const sent = await sendDraftNow(account, {
      to: draft.to,
      cc: draft.cc,
      subject: draft.subject,
      format: "html",
      bodyHtml: `<p>Checked, all good.</p>${draft.bodyHtml}`,
      inReplyTo: draft.inReplyTo,
      references: draft.references,
      originalId: draft.original,
    });
    expect(sent.state).toBe("sent");

    const reply = await simpleParser(await sourceOf(kim, `Re: Q4 plan ${tag}`));
    expect(reply.inReplyTo).toBe(`<orig-${tag}@example.test>`);
    expect(reply.references).toEqual([`<root-${tag}@example.test>`, `<orig-${tag}@example.test>`]);
    expect(reply.text).toContain("Checked, all good.");
    expect(reply.text).toContain("> Can you check the numbers?");
    expect((await cachedMessages(account.id, "INBOX")).get(Number(row!.uid))?.answered).toBe(true);
  });

  it("forwards with Fwd: and the original below, without answering it", async () => {
    const me = await createMailUser("fwd-me");
    const tag = uniqueTag();
    await appendMessages(me, "INBOX", [
      { raw: toCrlf(Buffer.from(`From: Lee <lee@example.test>\nTo: ${me.email}\nSubject: Photos ${tag}\nMessage-ID: <p-${tag}@example.test>\n\nHere they are.\n`)) },
    ]);
    const account = await signInAs(me);
    await syncMailbox(account, "INBOX");
    const [row] = [...(await cachedMessages(account.id, "INBOX")).values()];
    const draft = await getReplyDraft(account, row!.id, "forward");
    expect(draft.to).toBe("");
    expect(draft.subject).toBe(`Fwd: Photos ${tag}`);
    expect(draft.body).toContain("---------- Forwarded message ---------\nFrom: Lee <lee@example.test>");
    expect(draft.body).toContain("Here they are.");
    expect(draft.original).toBe("");
  });
});
