import { readFileSync } from "node:fs";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { flattenParts, parseContentType, walkMime } from "./mime-tree";
import { repairCharsets } from "./repair-charsets";

const fixture = (name: string) => readFileSync(new URL(`../../tests/fixtures/mime/${name}`, import.meta.url));
const numbers = (raw: Buffer) => flattenParts(walkMime(raw)).map((p) => `${p.part || "(root)"} ${p.contentType}`);

describe("walkMime part numbers (RFC 3501 section 6.4.5)", () => {
  it("mixed > alternative + attachments", () => {
    expect(numbers(fixture("mixed-attachments.eml"))).toEqual([
      "(root) multipart/mixed",
      "1 multipart/alternative",
      "1.1 text/plain",
      "1.2 text/html",
      "2 application/pdf",
      "3 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "4 application/zip",
      "5 text/plain",
    ]);
  });

  it("mixed > related > html + images", () => {
    expect(numbers(fixture("related-cid.eml"))).toEqual([
      "(root) multipart/mixed",
      "1 multipart/related",
      "1.1 text/html",
      "1.2 image/png",
      "1.3 image/png",
      "2 application/pdf",
    ]);
  });

  it("message/rfc822 is one part whose inner parts nest under it", () => {
    expect(numbers(fixture("nested-rfc822.eml"))).toEqual([
      "(root) multipart/mixed",
      "1 text/plain",
      "2 message/rfc822",
      "2 multipart/mixed",
      "2.1 text/plain",
      "2.2 text/csv",
      "3 application/pdf",
    ]);
  });

  it("a non-multipart body is part 1, also inside message/rfc822", () => {
    expect(numbers(fixture("single-part-attachment.eml"))).toEqual(["1 application/pdf"]);
    const raw = Buffer.from(
      'Content-Type: multipart/mixed; boundary="o"\r\n\r\n--o\r\n\r\nouter\r\n--o\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\nContent-Type: application/pdf\r\n\r\nPDF\r\n--o--\r\n',
    );
    expect(numbers(raw)).toEqual(["(root) multipart/mixed", "1 text/plain", "2 message/rfc822", "2.1 application/pdf"]);
  });

  it("agrees with mailparser's attachment part ids on every fixture", async () => {
    for (const name of ["mixed-attachments.eml", "related-cid.eml", "nested-rfc822.eml", "broken-boundary.eml", "ks-c-5601-1987-outlook.eml"]) {
      const raw = fixture(name);
      const mail = await simpleParser(raw, { ignoreEmbedded: true });
      const leaves = new Map<string, string>();
      // first entity per number: a message/rfc822 part before its own (multipart) message header
      for (const p of flattenParts(walkMime(raw))) if (!leaves.has(p.part)) leaves.set(p.part, p.contentType);
      for (const a of mail.attachments) {
        expect(leaves.get(a.partId ?? "1"), `${name} ${a.partId}`).toBe(a.contentType === "application/octet-stream" ? leaves.get(a.partId ?? "1") : a.contentType);
      }
    }
  });

  it("never throws on junk", () => {
    for (const junk of ["", "\r\n\r\n", "Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n--x\r\n--x--", "no headers at all"]) {
      expect(() => walkMime(Buffer.from(junk))).not.toThrow();
    }
  });
});

describe("parseContentType", () => {
  it("reads quoted and bare parameters", () => {
    expect(parseContentType(' text/plain; charset="ks_c_5601-1987"; format=flowed')).toEqual({
      type: "text/plain",
      params: { charset: "ks_c_5601-1987", format: "flowed" },
    });
    expect(parseContentType("multipart/mixed;\r\n\tboundary=\"----=_Part_1\"").params.boundary).toBe("----=_Part_1");
  });
});

describe("repairCharsets", () => {
  it("leaves correctly labelled messages byte-identical", () => {
    for (const name of ["euc-kr.eml", "ks-c-5601-1987-outlook.eml", "mixed-attachments.eml", "utf8-raw-headers.eml", "koi8-r.eml"]) {
      const raw = fixture(name);
      expect(repairCharsets(raw)).toBe(raw);
    }
  });

  it("labels unlabelled legacy text and transcodes raw 8-bit headers, changing only headers", () => {
    const raw = fixture("missing-charset-euc-kr.eml");
    const fixed = repairCharsets(raw).toString("utf8");
    expect(fixed).toContain("Subject: 회의 일정 안내\r\n");
    expect(fixed).toContain('Content-Type: text/plain; charset="cp949"\r\n');
    // the body keeps its legacy bytes
    expect(repairCharsets(raw).subarray(-20).equals(raw.subarray(-20))).toBe(true);
  });
});
