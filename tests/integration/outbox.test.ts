import "./helpers/env";
import { createHash, randomBytes } from "node:crypto";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { sealPassword } from "@/lib/auth/account-credentials";
import { copyAttachmentBytes } from "@/lib/compose/attachment-store";
import { getDraft } from "@/lib/compose/drafts";
import type { AccountRecord } from "@/lib/db/accounts";
import { db } from "@/lib/db/database";
import { AppError } from "@/lib/errors";
import { cancelSubmission, retrySubmissionNow } from "@/lib/outbox/cancel";
import { queueDraftForSending } from "@/lib/outbox/queue-send";
import { runSubmission } from "@/lib/outbox/send-job";
import { getSubmission } from "@/lib/outbox/submissions";
import { syncFolderList } from "@/lib/mail/sync-mail";
import { rejectionOf, signInAs } from "./helpers/app";
import { draftOf, sendDraftNow } from "./helpers/outbox";
import { asOtherClient, createMailUser, listServerMailbox, uniqueTag, waitFor, waitForMessage, type MailUser } from "./helpers/mail";

/** How many messages with this subject the user's mailbox holds now. */
async function countWithSubject(user: MailUser, mailbox: string, subject: string): Promise<number> {
  return [...(await listServerMailbox(user, mailbox)).values()].filter((m) => m.subject === subject).length;
}

/** A fresh sender, signed in, with no undo delay unless a test sets one. */
async function sender(label: string, undoSendSeconds = 0): Promise<{ user: MailUser; account: AccountRecord }> {
  const user = await createMailUser(label);
  const account = await signInAs(user);
  await setAccount(account.id, { undoSendSeconds });
  await syncFolderList(account);
  return { user, account };
}

async function setAccount(id: string, data: { undoSendSeconds?: number; smtpPort?: number; imapPort?: number }) {
  await (await db()).account.update({ where: { id }, data });
}

describe("the outbox (real Postfix submission + Dovecot delivery)", () => {
  it("delivers, keeps a read copy in Sent, records the SMTP transcript and removes the draft", async () => {
    const { user: from, account } = await sender("send-from");
    const to = await createMailUser("send-to");
    const subject = `점심 약속 ${uniqueTag()}`;
    const body = `안녕하세요!\n내일 12시에 만나요.\n-- ${subject}`;

    const sent = await sendDraftNow(account, { to: `Recipient <${to.email}>`, subject, bodyText: body });
    expect(sent.state).toBe("sent");
    expect(sent.recipients).toEqual([to.email]);
    expect(sent.rejected).toEqual([]);
    expect(sent.queueId).toMatch(/^[A-Za-z0-9]+$/);
    const serverLines = sent.transcript.filter((l) => l.from === "server").map((l) => l.line);
    expect(serverLines[0]).toMatch(/^220 /);
    expect(serverLines.some((l) => /^250 .*queued as/.test(l))).toBe(true);
    const clientLines = sent.transcript.filter((l) => l.from === "client").map((l) => l.line);
    expect(clientLines).toEqual(expect.arrayContaining([expect.stringMatching(/^MAIL FROM:<[^>]+>/), `RCPT TO:<${to.email}>`, "DATA"]));
    // The password never reaches the transcript.
    expect(JSON.stringify(sent.transcript)).not.toContain(`${from.email.split("@")[0]}-`);
    expect(await getDraft(account.id, sent.draftId)).toBeNull();

    const received = await waitForMessage(to, "INBOX", subject);
    const parsed = await simpleParser(received.source);
    expect(parsed.subject).toBe(subject);
    expect(parsed.text?.trim()).toBe(body);
    expect(parsed.from?.value[0]?.address).toBe(from.email);
    expect(parsed.messageId).toBe(sent.messageId);

    const copy = await waitForMessage(from, "Sent", subject);
    expect(copy.flags.has("\\Seen")).toBe(true);
    expect((await simpleParser(copy.source)).messageId).toBe(sent.messageId);
  });

  it("sends HTML with a generated plain-text alternative, and strips what must not leave", async () => {
    const { account } = await sender("send-html");
    const to = await createMailUser("send-html-to");
    const subject = `Rich ${uniqueTag()}`;
    await sendDraftNow(account, {
      to: to.email,
      subject,
      format: "html",
      bodyHtml: `<p>Hello <strong>there</strong></p><blockquote><p>quoted line</p></blockquote><script>alert(1)</script><img src="https://tracker.example/p.gif">`,
    });
    const parsed = await simpleParser((await waitForMessage(to, "INBOX", subject)).source);
    expect(parsed.html).toContain("<strong>there</strong>");
    expect(parsed.html).not.toContain("script");
    expect(parsed.html).not.toContain("tracker.example");
    expect(parsed.text).toContain("Hello there");
    expect(parsed.text).toContain("> quoted line");
  });

  it("asks for a delivery notification (DSN) and a read receipt when the user wants them", async () => {
    const { user: from, account } = await sender("send-dsn");
    const to = await createMailUser("send-dsn-to");
    const subject = `Notify me ${uniqueTag()}`;
    const sent = await sendDraftNow(account, { to: to.email, subject, bodyText: "x", requestDsn: true, requestReadReceipt: true });
    const client = sent.transcript.filter((l) => l.from === "client").map((l) => l.line);
    // RFC 3461: Postfix advertises DSN, so RCPT TO carries NOTIFY and MAIL FROM an envelope id.
    expect(client).toContain(`RCPT TO:<${to.email}> NOTIFY=SUCCESS,FAILURE`);
    expect(client.find((l) => l.startsWith("MAIL FROM:"))).toMatch(/RET=HDRS ENVID=/);
    const parsed = await simpleParser((await waitForMessage(to, "INBOX", subject)).source);
    expect(parsed.headers.get("disposition-notification-to")).toMatchObject({ value: [{ address: from.email }] });
  });

  it("an attachment of several MB arrives byte-exact (sha256)", async () => {
    const { account } = await sender("send-attach");
    const to = await createMailUser("send-attach-to");
    const subject = `Attachment ${uniqueTag()}`;
    const bytes = randomBytes(6 * 1024 * 1024 + 123);
    const draft = await draftOf(account, { to: to.email, subject, bodyText: "see attached" });
    await copyAttachmentBytes(draft.id, { filename: "측정 data.bin", contentType: "application/octet-stream" }, bytes);
    const { submissionId } = await queueDraftForSending(account, draft.id, null);
    await runSubmission(submissionId);
    const parsed = await simpleParser((await waitForMessage(to, "INBOX", subject)).source);
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]!.filename).toBe("측정 data.bin");
    const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
    expect(sha(parsed.attachments[0]!.content)).toBe(sha(bytes));
  });

  it("hides Bcc recipients from the delivered copy but keeps them in Sent", async () => {
    const { user: from, account } = await sender("send-bcc");
    const to = await createMailUser("send-bcc-to");
    const hidden = await createMailUser("send-bcc-hidden");
    const subject = `Bcc check ${uniqueTag()}`;
    const sent = await sendDraftNow(account, { to: to.email, bcc: hidden.email, subject, bodyText: "bcc body" });
    expect([...sent.recipients].sort()).toEqual([to.email, hidden.email].sort());
    for (const user of [to, hidden]) {
      const copy = await simpleParser((await waitForMessage(user, "INBOX", subject)).source);
      expect(copy.bcc, user.email).toBeUndefined();
      expect(copy.headerLines.map((h) => h.key)).not.toContain("bcc");
    }
    const kept = await simpleParser((await waitForMessage(from, "Sent", subject)).source);
    const bcc = Array.isArray(kept.bcc) ? kept.bcc : kept.bcc ? [kept.bcc] : [];
    expect(bcc.flatMap((a) => a.value.map((v) => v.address))).toEqual([hidden.email]);
  });

  it("a line break in the subject cannot add a header", async () => {
    const { account } = await sender("send-inject");
    const to = await createMailUser("send-inject-to");
    const tag = uniqueTag();
    await sendDraftNow(account, { to: to.email, subject: `Hello ${tag}\r\nX-Injected: yes`, bodyText: "x" });
    const uid = await waitFor(async () => {
      for (const [uid, m] of await listServerMailbox(to, "INBOX")) if (m.subject.includes(tag)) return uid;
      return undefined;
    }, "the message with the odd subject");
    const copy = await asOtherClient(to, async (client) => {
      const lock = await client.getMailboxLock("INBOX", { readOnly: true });
      try {
        const m = await client.fetchOne(String(uid), { source: true }, { uid: true });
        if (!m || !m.source) throw new Error(`UID ${uid} vanished`);
        return simpleParser(m.source);
      } finally {
        lock.release();
      }
    });
    expect(copy.headers.has("x-injected")).toBe(false);
    expect(copy.subject).toContain(`Hello ${tag}`);
  });

  it("refuses to queue invalid addresses, with an error per field, and leaves the draft editable", async () => {
    const { account } = await sender("send-invalid");
    const draft = await draftOf(account, { to: "not-an-address", cc: "bob@, carol@example.test", bcc: "ok@example.test", subject: "x", bodyText: "x" });
    const error = await rejectionOf(queueDraftForSending(account, draft.id, null));
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.fieldErrors?.to).toEqual([expect.stringContaining("not-an-address")]);
    expect(error.fieldErrors?.cc).toEqual([expect.stringContaining("bob@")]);
    expect(error.fieldErrors?.bcc).toBeUndefined();
    expect((await getDraft(account.id, draft.id))?.state).toBe("editing");

    const empty = await draftOf(account, { subject: "x", bodyText: "x" });
    const none = await rejectionOf(queueDraftForSending(account, empty.id, null));
    expect(none.fieldErrors?.to).toEqual(["Add at least one recipient."]);
  });

  it("a 5xx for the only recipient: not retried, the reply per recipient, the draft back intact", async () => {
    const { account } = await sender("send-refused");
    const subject = `Refused ${uniqueTag()}`;
    const body = "Every word of this must survive.\n둘째 줄.";
    const failed = await sendDraftNow(account, { to: "nobody@outside.invalid", subject, bodyText: body });
    expect(failed.state).toBe("failed");
    expect(failed.attempts).toBe(1);
    expect(failed.rejected).toEqual([{ address: "nobody@outside.invalid", code: expect.any(Number), reply: expect.stringMatching(/^5\d\d\b/) }]);
    expect(failed.rejected[0]!.code).toBeGreaterThanOrEqual(500);
    expect(failed.lastError).toContain("nobody@outside.invalid");
    // Also kept as a key with the server's own words, for readers of other languages.
    expect(failed.lastErrorLocalized).toEqual([{ key: "smtpRejected", values: { where: expect.stringMatching(/:\d+$/), said: expect.stringMatching(/^nobody@outside\.invalid: 5\d\d /) } }]);
    const draft = await getDraft(account.id, failed.draftId);
    expect(draft).toMatchObject({ state: "editing", to: "nobody@outside.invalid", subject, bodyText: body });
    expect(draft?.lastError).toMatch(/\b5\d\d\b/);
    expect(draft?.lastErrorLocalized).toEqual(failed.lastErrorLocalized);
  });

  it("some recipients refused: the others get it once, the draft stays for the refused ones", async () => {
    const { account } = await sender("send-partial");
    const to = await createMailUser("send-partial-to");
    const subject = `Partly refused ${uniqueTag()}`;
    const sent = await sendDraftNow(account, { to: `${to.email}, nobody@outside.invalid`, subject, bodyText: "x" });
    expect(sent.state).toBe("sent");
    expect(sent.rejected).toEqual([{ address: "nobody@outside.invalid", code: expect.any(Number), reply: expect.stringMatching(/^5\d\d\b/) }]);
    await waitForMessage(to, "INBOX", subject);
    const draft = await getDraft(account.id, sent.draftId);
    expect(draft).toMatchObject({ state: "editing", to: "nobody@outside.invalid", subject });
    expect(draft?.lastError).toBe(`Sent to the other recipients. The server refused: nobody@outside.invalid: ${sent.rejected[0]!.reply}`);
    expect(draft?.lastErrorLocalized).toEqual([{ key: "partlyRefused", values: { refused: `nobody@outside.invalid: ${sent.rejected[0]!.reply}` } }]);
  });

  it("a refused SMTP login fails with the server's reply", async () => {
    const { account } = await sender("send-badauth");
    await (await db()).account.update({ where: { id: account.id }, data: { passwordSealed: sealPassword("not-the-password") } });
    const failed = await sendDraftNow(account, { to: "someone@example.test", subject: "x", bodyText: "x" });
    expect(failed.state).toBe("failed");
    expect(failed.lastError).toMatch(/\b535\b/);
  });

  it("no connection: will retry with the reason, then goes out exactly once when the server is back", async () => {
    const { account } = await sender("send-retry");
    const to = await createMailUser("send-retry-to");
    const subject = `Retry ${uniqueTag()}`;
    const realPort = account.smtpPort;
    await setAccount(account.id, { smtpPort: 1 });
    const waiting = await sendDraftNow(account, { to: to.email, subject, bodyText: "x" });
    expect(waiting.state).toBe("retrying");
    expect(waiting.lastError).toContain("127.0.0.1:1");
    expect(waiting.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());

    await setAccount(account.id, { smtpPort: realPort });
    await retrySubmissionNow(account, waiting.id);
    await runSubmission(waiting.id);
    expect((await getSubmission(account.id, waiting.id))?.state).toBe("sent");
    await waitForMessage(to, "INBOX", subject);
    // A late duplicate job changes nothing.
    await runSubmission(waiting.id);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await countWithSubject(to, "INBOX", subject)).toBe(1);
  });

  it("a crash after the server accepted only redoes the Sent copy, never the send", async () => {
    const { user: from, account } = await sender("send-once");
    const to = await createMailUser("send-once-to");
    const subject = `Exactly once ${uniqueTag()}`;
    const realImap = account.imapPort;
    const draft = await draftOf(account, { to: to.email, subject, bodyText: "once" });
    const { submissionId } = await queueDraftForSending(account, draft.id, null);
    // IMAP down after SMTP accepted: the job fails at the Sent copy, as a crash there would.
    await setAccount(account.id, { imapPort: 1 });
    await expect(runSubmission(submissionId)).rejects.toThrow();
    expect((await getSubmission(account.id, submissionId))?.state).toBe("accepted");

    await setAccount(account.id, { imapPort: realImap });
    await runSubmission(submissionId);
    expect((await getSubmission(account.id, submissionId))?.state).toBe("sent");
    await waitForMessage(to, "INBOX", subject);
    await waitForMessage(from, "Sent", subject);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await countWithSubject(to, "INBOX", subject)).toBe(1);
    expect(await countWithSubject(from, "Sent", subject)).toBe(1);
  });

  it("undo within the delay brings the draft back and nothing is sent", async () => {
    const { account } = await sender("send-undo", 30);
    const to = await createMailUser("send-undo-to");
    const subject = `Undone ${uniqueTag()}`;
    const draft = await draftOf(account, { to: to.email, subject, bodyText: "never sent" });
    const { submissionId, sendAt } = await queueDraftForSending(account, draft.id, null);
    expect(sendAt.getTime()).toBeGreaterThan(Date.now() + 25_000);
    expect((await getDraft(account.id, draft.id))?.state).toBe("outbox");
    // The job woken early waits for its time.
    await runSubmission(submissionId);
    expect((await getSubmission(account.id, submissionId))?.state).toBe("queued");

    expect(await cancelSubmission(account, submissionId)).toBe(draft.id);
    expect((await getDraft(account.id, draft.id))?.state).toBe("editing");
    expect((await getSubmission(account.id, submissionId))?.state).toBe("cancelled");
    await runSubmission(submissionId);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await countWithSubject(to, "INBOX", subject)).toBe(0);
    // Too late to undo once it is gone.
    const again = await queueDraftForSending(account, draft.id, null);
    await retrySubmissionNow(account, again.submissionId);
    await runSubmission(again.submissionId);
    const late = await rejectionOf(cancelSubmission(account, again.submissionId));
    expect(late.message).toMatch(/too late|no longer/i);
  });

  it("a scheduled send waits for its time; a time in the past is refused", async () => {
    const { account } = await sender("send-scheduled");
    const draft = await draftOf(account, { to: "someone@example.test", subject: "later", bodyText: "x" });
    const past = await rejectionOf(queueDraftForSending(account, draft.id, new Date(Date.now() - 3_600_000)));
    expect(past.fieldErrors?.sendAt).toBeDefined();
    const at = new Date(Date.now() + 3_600_000);
    const { submissionId, sendAt } = await queueDraftForSending(account, draft.id, at);
    expect(sendAt.getTime()).toBe(at.getTime());
    await runSubmission(submissionId);
    expect((await getSubmission(account.id, submissionId))?.state).toBe("queued");
  });
});
