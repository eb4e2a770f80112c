import "./helpers/env";
import { createServer, type AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { getMessageDetail } from "@/lib/db/message-bodies";
import { getMessage } from "@/lib/mail/get-message";
import { answerReadReceipt, MDN_SENT, readReceiptRequest, type ReceiptAnswer } from "@/lib/mail/read-receipt";
import { signIn } from "@/lib/mail/sign-in";
import { syncMailbox } from "@/lib/mail/sync-mail";
import { cachedFolder, cachedMessages, rejectionOf, signInAs, signInInput } from "./helpers/app";
import { appendMessages, asOtherClient, createMailUser, deliver, listServerMailbox, sourceOf, toCrlf, uniqueTag, type MailUser } from "./helpers/mail";

const answer = (send: boolean): ReceiptAnswer => ({
  send,
  reportingHost: "maeil.example.test",
  wording: { subject: ({ subject }) => `Read: ${subject}`, text: ({ subject, recipient }) => `Your message "${subject}" to ${recipient} was displayed.` },
});

/** A message from `from` to `to` that asks for a read receipt to `receiptTo`. */
function asking(from: MailUser, to: MailUser, subject: string, messageId: string, receiptTo = from.email): Buffer {
  return toCrlf(
    Buffer.from(
      [
        `From: Sender <${from.email}>`,
        `To: ${to.email}`,
        `Subject: ${subject}`,
        "Date: Tue, 24 Nov 2026 09:00:00 +0900",
        `Message-ID: ${messageId}`,
        `Disposition-Notification-To: Sender <${receiptTo}>`,
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Please confirm you saw this.",
        "",
      ].join("\n"),
    ),
  );
}

/**
 * A submission server that, like some providers, refuses the null reverse-path: it answers
 * MAIL FROM:<> with 553 and takes everything else. Records the envelope senders it saw.
 */
async function nullSenderRefusingServer(): Promise<{ port: number; senders: string[]; close(): void }> {
  const senders: string[] = [];
  const server = createServer((socket) => {
    let buffer = "";
    let inData = false;
    socket.write("220 strict.example.test ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write("250 2.0.0 Ok: queued as STRICT1\r\n");
          continue;
        }
        const eol = buffer.indexOf("\r\n");
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const mailFrom = /^MAIL FROM:<([^>]*)>/i.exec(line);
        if (/^EHLO/i.test(line)) socket.write("250-strict.example.test\r\n250 AUTH PLAIN\r\n");
        else if (/^AUTH/i.test(line)) socket.write("235 2.7.0 Authentication successful\r\n");
        else if (mailFrom) {
          senders.push(mailFrom[1]!);
          socket.write(mailFrom[1] ? "250 2.1.0 Ok\r\n" : "553 5.7.1 Null sender not allowed for authenticated users\r\n");
        } else if (/^RCPT/i.test(line)) socket.write("250 2.1.5 Ok\r\n");
        else if (/^DATA/i.test(line)) {
          inData = true;
          socket.write("354 End data with <CR><LF>.<CR><LF>\r\n");
        } else if (/^QUIT/i.test(line)) socket.end("221 2.0.0 Bye\r\n");
        else socket.write("250 2.0.0 Ok\r\n");
      }
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, senders, close: () => server.close() };
}

/** Signs `reader` in, syncs its INBOX and opens the message with this subject (caching its body). */
async function openAs(reader: MailUser, subject: string, smtpPort?: number) {
  const account = smtpPort ? (await signIn(signInInput(reader, { smtpPort }))).account : await signInAs(reader);
  await syncMailbox(account, "INBOX");
  const row = [...(await cachedMessages(account.id, "INBOX")).values()].find((m) => m.subject === subject);
  if (!row) throw new Error(`"${subject}" is not cached`);
  const uid = Number(row.uid);
  const message = await getMessage(account, "INBOX", uid);
  return { account, uid, message };
}

describe("read receipts (RFC 8098 / RFC 3503)", () => {
  it("sends a multipart/report MDN to the sender and sets $MDNSent on the server", async () => {
    const sender = await createMailUser("mdn-b");
    const reader = await createMailUser("mdn-a");
    const tag = uniqueTag();
    const subject = `Please confirm ${tag}`;
    const originalId = `<orig-${tag}@example.test>`;
    deliver(reader.email, asking(sender, reader, subject, originalId));

    const { account, uid, message } = await openAs(reader, subject);
    expect(message.body?.readReceiptTo).toBe(`Sender <${sender.email}>`);
    expect(await readReceiptRequest(account, null, message)).toEqual({ sender: "Sender", sendsTo: null });

    expect(await answerReadReceipt(account, "INBOX", uid, answer(true))).toBe("sent");

    const raw = await sourceOf(sender, `Read: ${subject}`);
    const mdn = await simpleParser(raw);
    const type = mdn.headers.get("content-type") as { value: string; params: Record<string, string> };
    expect(type.value).toBe("multipart/report");
    expect(type.params["report-type"]).toBe("disposition-notification");
    expect(mdn.from?.value[0]?.address).toBe(reader.email);
    expect(mdn.inReplyTo).toBe(originalId);
    expect(mdn.text).toContain(`Your message "${subject}" to ${reader.email} was displayed.`);
    const report = mdn.attachments.find((a) => a.contentType === "message/disposition-notification");
    expect(report, "a message/disposition-notification part").toBeDefined();
    const fields = report!.content.toString("utf8");
    expect(fields).toContain(`Original-Message-ID: ${originalId}\r\n`);
    expect(fields).toContain(`Final-Recipient: rfc822;${reader.email}\r\n`);
    expect(fields).toContain("Reporting-UA: maeil.example.test; maeil\r\n");
    expect(fields).toContain("Disposition: manual-action/MDN-sent-manually; displayed\r\n");
    // Sent with a null reverse-path (RFC 5321 4.5.5), so nothing bounces back about a receipt.
    expect(raw.toString("latin1")).toMatch(/^Return-Path: <>\r?$/m);

    const onServer = await listServerMailbox(reader, "INBOX");
    expect(onServer.get(uid)?.flags.has(MDN_SENT)).toBe(true);
    // Asked once: the cache knows at once, and a second answer (another tab) sends nothing more.
    const folder = await cachedFolder(account.id, "INBOX");
    const after = await getMessageDetail(folder!.id, uid);
    expect(after?.flags).toContain(MDN_SENT);
    expect(await readReceiptRequest(account, null, after!)).toBeNull();
    expect(await answerReadReceipt(account, "INBOX", uid, answer(true))).toBe("already");
  });

  it("declining sets $MDNSent without sending, and a keyword set by another client counts as answered", async () => {
    const sender = await createMailUser("mdn-decl-b");
    const reader = await createMailUser("mdn-decl-a");
    const tag = uniqueTag();
    deliver(reader.email, asking(sender, reader, `No thanks ${tag}`, `<no-${tag}@example.test>`));
    deliver(reader.email, asking(sender, reader, `Elsewhere ${tag}`, `<else-${tag}@example.test>`));

    const declined = await openAs(reader, `No thanks ${tag}`);
    expect(await answerReadReceipt(declined.account, "INBOX", declined.uid, answer(false))).toBe("declined");
    expect((await listServerMailbox(reader, "INBOX")).get(declined.uid)?.flags.has(MDN_SENT)).toBe(true);

    // Another mail client answered first: our stale cache still says "ask", the server says no.
    const elsewhere = await openAs(reader, `Elsewhere ${tag}`);
    expect(await readReceiptRequest(elsewhere.account, null, elsewhere.message)).not.toBeNull();
    await asOtherClient(reader, async (client) => {
      const lock = await client.getMailboxLock("INBOX");
      try {
        await client.messageFlagsAdd(String(elsewhere.uid), [MDN_SENT], { uid: true });
      } finally {
        lock.release();
      }
    });
    expect(await answerReadReceipt(elsewhere.account, "INBOX", elsewhere.uid, answer(true))).toBe("already");

    // Neither answer sent anything: an ordinary message sent afterwards is the first to arrive.
    deliver(sender.email, toCrlf(Buffer.from(`From: x@example.test\nTo: ${sender.email}\nSubject: marker ${tag}\n\nm\n`)));
    await sourceOf(sender, `marker ${tag}`);
    const subjects = [...(await listServerMailbox(sender, "INBOX")).values()].map((m) => m.subject);
    expect(subjects).toEqual([`marker ${tag}`]);
  });

  it("does not ask for the user's own messages, nor in Sent; and refuses to answer what was not asked", async () => {
    const me = await createMailUser("mdn-own");
    const other = await createMailUser("mdn-other");
    const tag = uniqueTag();
    await appendMessages(me, "INBOX", [{ raw: asking(me, other, `Mine ${tag}`, `<mine-${tag}@example.test>`) }]);
    deliver(me.email, toCrlf(Buffer.from(`From: ${other.email}\nTo: ${me.email}\nSubject: Plain ${tag}\nMessage-ID: <p-${tag}@example.test>\n\nhi\n`)));
    deliver(me.email, asking(other, me, `Asking ${tag}`, `<a-${tag}@example.test>`));

    const mine = await openAs(me, `Mine ${tag}`);
    expect(mine.message.body?.readReceiptTo).not.toBeNull();
    expect(await readReceiptRequest(mine.account, null, mine.message)).toBeNull();

    const asked = await openAs(me, `Asking ${tag}`);
    expect(await readReceiptRequest(asked.account, "\\Sent", asked.message)).toBeNull();
    expect(await readReceiptRequest(asked.account, "\\Junk", asked.message)).toBeNull();
    expect(await readReceiptRequest(asked.account, null, asked.message)).not.toBeNull();

    const plain = await openAs(me, `Plain ${tag}`);
    expect(plain.message.body?.readReceiptTo).toBeNull();
    const error = await rejectionOf(answerReadReceipt(plain.account, "INBOX", plain.uid, answer(true)));
    expect(error.message).toBe("This message does not ask for a read receipt.");
    expect((await listServerMailbox(me, "INBOX")).get(plain.uid)?.flags.has(MDN_SENT)).toBe(false);
  });

  it("falls back to the user's own address when the submission server refuses MAIL FROM:<>", async () => {
    const sender = await createMailUser("mdn-strict-b");
    const reader = await createMailUser("mdn-strict-a");
    const tag = uniqueTag();
    deliver(reader.email, asking(sender, reader, `Strict ${tag}`, `<strict-${tag}@example.test>`));
    const strict = await nullSenderRefusingServer();
    try {
      const { account, uid } = await openAs(reader, `Strict ${tag}`, strict.port);
      expect(await answerReadReceipt(account, "INBOX", uid, answer(true))).toBe("sent");
      expect(strict.senders).toEqual(["", reader.email]);
      expect((await listServerMailbox(reader, "INBOX")).get(uid)?.flags.has(MDN_SENT)).toBe(true);
    } finally {
      strict.close();
    }
  });
});
