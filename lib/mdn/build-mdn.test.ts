import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { walkMime, flattenParts } from "@/lib/mime/mime-tree";
import { parseMessage } from "@/lib/mime/parse-message";
import { buildMdn, dispositionFields, MDN_DISPOSITION, type MdnInput } from "./build-mdn";

const input: MdnInput = {
  from: { name: "이영희", address: "younghee@example.kr" },
  to: [{ name: "Kim Chulsoo", address: "receipts@example.com" }],
  finalRecipient: "younghee@example.kr",
  originalMessageId: "<orig-42@example.com>",
  subject: "읽음: 회의 일정",
  text: "Your message\n\n  To: younghee@example.kr\n  Subject: 회의 일정\n\nwas displayed.",
  reportingHost: "mail.example.kr",
  messageId: "<mdn-1@example.kr>",
  date: new Date("2026-01-02T03:04:05Z"),
};

/** The body of the message/(global-)disposition-notification part, as sent. */
function reportBody(raw: Buffer): { type: string; headers: { name: string; value: string }[]; body: string } {
  const part = flattenParts(walkMime(raw)).find((p) => /^message\/(global-)?disposition-notification$/.test(p.contentType));
  if (!part) throw new Error("no disposition-notification part");
  return { type: part.contentType, headers: part.headers, body: raw.subarray(part.bodyStart, part.bodyEnd).toString("utf8") };
}

describe("buildMdn", () => {
  it("is a multipart/report of a text part and a disposition-notification part that mailparser reads back", async () => {
    const raw = await buildMdn(input);
    const mail = await simpleParser(raw);

    const type = mail.headers.get("content-type") as { value: string; params: Record<string, string> };
    expect(type.value).toBe("multipart/report");
    expect(type.params["report-type"]).toBe("disposition-notification");
    expect(mail.subject).toBe("읽음: 회의 일정");
    expect(mail.from?.value).toEqual([{ name: "이영희", address: "younghee@example.kr" }]);
    expect((Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value).toEqual([{ name: "Kim Chulsoo", address: "receipts@example.com" }]);
    expect(mail.messageId).toBe("<mdn-1@example.kr>");
    expect(mail.inReplyTo).toBe("<orig-42@example.com>");
    expect(mail.references).toBe("<orig-42@example.com>");
    expect(mail.date?.toISOString()).toBe("2026-01-02T03:04:05.000Z");
    // The human-readable part comes first and keeps its text.
    expect(mail.text?.trim()).toBe(input.text);
    // A receipt must never ask for a receipt (RFC 8098 section 2.1).
    expect(mail.headers.has("disposition-notification-to")).toBe(false);

    const report = mail.attachments.find((a) => a.contentType === "message/disposition-notification");
    expect(report).toBeDefined();
    const lines = report!.content.toString("utf8").trim().split(/\r\n/);
    expect(lines).toEqual([
      "Reporting-UA: mail.example.kr; maeil",
      "Final-Recipient: rfc822;younghee@example.kr",
      "Original-Message-ID: <orig-42@example.com>",
      `Disposition: ${MDN_DISPOSITION}`,
    ]);
    expect(MDN_DISPOSITION).toBe("manual-action/MDN-sent-manually; displayed");
  });

  it("sends the report part as plain 7-bit lines, never base64 or quoted-printable", async () => {
    const raw = await buildMdn(input);
    const part = reportBody(raw);
    expect(part.type).toBe("message/disposition-notification");
    expect(part.headers.find((h) => h.name === "content-transfer-encoding")).toBeUndefined();
    expect(part.body).toContain("Original-Message-ID: <orig-42@example.com>\r\n");
    expect(/^[\x00-\x7f]*$/.test(part.body)).toBe(true);
  });

  it("uses the RFC 6533 form for an internationalised recipient address", async () => {
    const raw = await buildMdn({ ...input, finalRecipient: "영희@예시.kr" });
    const part = reportBody(raw);
    expect(part.type).toBe("message/global-disposition-notification");
    expect(part.headers.find((h) => h.name === "content-transfer-encoding")?.value.trim()).toBe("8bit");
    expect(part.body).toContain("Final-Recipient: utf-8;영희@예시.kr\r\n");
  });

  it("leaves out Original-Message-ID when the original had none, and cannot be split by line breaks", () => {
    const lines = dispositionFields({ finalRecipient: "a@example.com\r\nDisposition: automatic-action", originalMessageId: null, reportingHost: "host\nX: y" });
    expect(lines).toEqual([
      "Reporting-UA: host X: y; maeil",
      "Final-Recipient: rfc822;a@example.com Disposition: automatic-action",
      `Disposition: ${MDN_DISPOSITION}`,
    ]);
  });

  it("is not itself offered a read receipt when opened", async () => {
    const withRequest = Buffer.concat([Buffer.from("Disposition-Notification-To: someone@example.com\r\n"), await buildMdn(input)]);
    expect((await parseMessage(withRequest)).readReceiptTo).toBeNull();
  });
});

describe("parseMessage: Disposition-Notification-To", () => {
  it("keeps the addresses a read receipt was asked for", async () => {
    const raw = Buffer.from(
      [
        "From: Kim <kim@example.com>",
        "To: lee@example.kr",
        'Disposition-Notification-To: "Kim, C." <receipts@example.com>, other@example.com',
        "Subject: hello",
        "Message-ID: <a@example.com>",
        "",
        "hi",
        "",
      ].join("\r\n"),
    );
    expect((await parseMessage(raw)).readReceiptTo).toBe('"Kim, C." <receipts@example.com>, other@example.com');
  });

  it("is null when none was asked for", async () => {
    const raw = Buffer.from("From: kim@example.com\r\nSubject: x\r\n\r\nhi\r\n");
    expect((await parseMessage(raw)).readReceiptTo).toBeNull();
  });
});
