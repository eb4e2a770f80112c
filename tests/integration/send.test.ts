import "./helpers/env";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { sealPassword } from "@/lib/auth/account-credentials";
import type { AccountRecord } from "@/lib/db/accounts";
import { AppError } from "@/lib/errors";
import { composeSchema } from "@/lib/mail/compose-input";
import { sendMessage } from "@/lib/mail/send-message";
import { syncFolderList } from "@/lib/mail/sync-mail";
import { rejectionOf, signInAs } from "./helpers/app";
import { asOtherClient, createMailUser, listServerMailbox, uniqueTag, waitFor, type MailUser } from "./helpers/mail";

/** Waits (bounded) until a message with this subject is in the user's mailbox; returns its raw source. */
async function waitForMessage(user: MailUser, mailbox: string, subject: string): Promise<{ uid: number; flags: Set<string>; source: Buffer }> {
  const uid = await waitFor(async () => {
    for (const [uid, m] of await listServerMailbox(user, mailbox)) if (m.subject === subject) return uid;
    return undefined;
  }, `"${subject}" in ${user.email}/${mailbox}`);
  return asOtherClient(user, async (client) => {
    const lock = await client.getMailboxLock(mailbox, { readOnly: true });
    try {
      const m = await client.fetchOne(String(uid), { uid: true, flags: true, source: true }, { uid: true });
      if (!m || !m.source) throw new Error(`UID ${uid} vanished from ${mailbox}`);
      return { uid, flags: new Set(m.flags ?? []), source: m.source };
    } finally {
      lock.release();
    }
  });
}

const compose = (input: Partial<Record<"to" | "cc" | "bcc" | "subject" | "body", string>>) => composeSchema.parse(input);

/** A fresh sender, signed in, whose folder list is cached (as after the first page load). */
async function sender(label: string): Promise<{ user: MailUser; account: AccountRecord }> {
  const user = await createMailUser(label);
  const account = await signInAs(user);
  await syncFolderList(account);
  return { user, account };
}

describe("sendMessage (real Postfix submission + Dovecot delivery)", () => {
  it("delivers to the recipient's INBOX and keeps a read copy in the sender's Sent", async () => {
    const { user: from, account } = await sender("send-from");
    const to = await createMailUser("send-to");
    const subject = `점심 약속 ${uniqueTag()}`;
    const body = `안녕하세요!\n내일 12시에 만나요.\n-- ${subject}`;

    const result = await sendMessage(account, compose({ to: `Recipient <${to.email}>`, subject, body }));
    expect(result.accepted).toEqual([to.email]);
    expect(result.rejected).toEqual([]);
    expect(result.sentFolder).toBe("Sent");

    const received = await waitForMessage(to, "INBOX", subject);
    const parsed = await simpleParser(received.source);
    expect(parsed.subject).toBe(subject);
    expect(parsed.text?.trim()).toBe(body);
    expect(parsed.from?.value[0]?.address).toBe(from.email);
    expect(parsed.messageId).toBe(result.messageId);

    const sent = await waitForMessage(from, "Sent", subject);
    expect(sent.flags.has("\\Seen")).toBe(true);
    expect((await simpleParser(sent.source)).messageId).toBe(result.messageId);
  });

  it("keeps a copy in Sent even when it is the first thing done after signing in", async () => {
    // No folder list has been cached yet: sendMessage must still find Sent
    // rather than silently skip the copy (see the report on lib/mail/send-message.ts).
    const from = await createMailUser("send-first");
    const account = await signInAs(from);
    const to = await createMailUser("send-first-to");
    const subject = `First action ${uniqueTag()}`;
    const result = await sendMessage(account, compose({ to: to.email, subject, body: "hello" }));
    await waitForMessage(to, "INBOX", subject);
    expect(result.sentFolder).toBe("Sent");
    await waitForMessage(from, "Sent", subject);
  });

  it("hides Bcc recipients from the delivered copy but keeps them in Sent", async () => {
    const { user: from, account } = await sender("send-bcc");
    const to = await createMailUser("send-bcc-to");
    const hidden = await createMailUser("send-bcc-hidden");
    const subject = `Bcc check ${uniqueTag()}`;
    const result = await sendMessage(account, compose({ to: to.email, bcc: hidden.email, subject, body: "bcc body" }));
    expect([...result.accepted].sort()).toEqual([to.email, hidden.email].sort());

    for (const user of [to, hidden]) {
      const copy = await simpleParser((await waitForMessage(user, "INBOX", subject)).source);
      expect(copy.bcc, user.email).toBeUndefined();
      expect(copy.headerLines.map((h) => h.key)).not.toContain("bcc");
    }
    const sent = await simpleParser((await waitForMessage(from, "Sent", subject)).source);
    const bcc = Array.isArray(sent.bcc) ? sent.bcc : sent.bcc ? [sent.bcc] : [];
    expect(bcc.flatMap((a) => a.value.map((v) => v.address))).toEqual([hidden.email]);
  });

  it("a line break in the subject cannot add a header", async () => {
    const { account } = await sender("send-inject");
    const to = await createMailUser("send-inject-to");
    const tag = uniqueTag();
    await sendMessage(account, compose({ to: to.email, subject: `Hello ${tag}\r\nX-Injected: yes`, body: "x" }));
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

  it("rejects invalid addresses with INVALID_INPUT and an error per field", async () => {
    const { account } = await sender("send-invalid");
    const error = await rejectionOf(
      sendMessage(account, compose({ to: "not-an-address", cc: "bob@, carol@example.test", bcc: "ok@example.test", subject: "x", body: "x" })),
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.fieldErrors?.to).toEqual([expect.stringContaining("not-an-address")]);
    expect(error.fieldErrors?.cc).toEqual([expect.stringContaining("bob@")]);
    expect(error.fieldErrors?.bcc).toBeUndefined();

    const empty = await rejectionOf(sendMessage(account, compose({ subject: "x", body: "x" })));
    expect(empty.code).toBe("INVALID_INPUT");
    expect(empty.fieldErrors?.to).toEqual(["Add at least one recipient."]);
  });

  it("surfaces the SMTP server's 5xx reply when it refuses the only recipient", async () => {
    const { account } = await sender("send-refused");
    const error = await rejectionOf(
      sendMessage(account, compose({ to: "nobody@outside.invalid", subject: `Refused ${uniqueTag()}`, body: "x" })),
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("SMTP_REJECTED");
    expect(error.message).toContain("127.0.0.1:");
    expect(error.message).toContain("nobody@outside.invalid");
    expect(error.message).toMatch(/\b5\d\d\b/);
  });

  it("delivers to accepted recipients and reports the refused one with its reply", async () => {
    const { account } = await sender("send-partial");
    const to = await createMailUser("send-partial-to");
    const subject = `Partly refused ${uniqueTag()}`;
    const result = await sendMessage(account, compose({ to: `${to.email}, nobody@outside.invalid`, subject, body: "x" }));
    expect(result.accepted).toEqual([to.email]);
    expect(result.rejected).toEqual([{ address: "nobody@outside.invalid", reply: expect.stringMatching(/^5\d\d\b/) }]);
    await waitForMessage(to, "INBOX", subject);
  });

  it("reports a refused SMTP login as AUTH_FAILED with the server's reply", async () => {
    const { account } = await sender("send-badauth");
    const broken = { ...account, passwordSealed: sealPassword("not-the-password") };
    const error = await rejectionOf(sendMessage(broken, compose({ to: "someone@example.test", subject: "x", body: "x" })));
    expect(error.code).toBe("AUTH_FAILED");
    expect(error.message).toMatch(/\b535\b/);
  });

  it("reports an unreachable SMTP server as SERVER_UNREACHABLE naming host:port", async () => {
    const { account } = await sender("send-unreachable");
    const error = await rejectionOf(sendMessage({ ...account, smtpPort: 1 }, compose({ to: "someone@example.test", subject: "x", body: "x" })));
    expect(error.code).toBe("SERVER_UNREACHABLE");
    expect(error.message).toContain("127.0.0.1:1");
  });
});
