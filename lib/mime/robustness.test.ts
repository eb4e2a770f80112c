// The pre-parse repairs and limits: bound-message.ts, repair-structure.ts, html-depth.ts and the
// charset helpers they rely on.
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { boundMessage, MAX_MIME_DEPTH } from "./bound-message";
import { decodeIso2022Kr, effectiveCharset, isLatinLabel, libmimeDecodes, looksLikeKorean } from "./charset";
import { limitHtmlNesting } from "./html-depth";
import { flattenParts, walkMime } from "./mime-tree";
import { repairStructure } from "./repair-structure";

const crlf = (lines: string[]) => Buffer.from(lines.join("\r\n"), "latin1");

describe("boundMessage", () => {
  it("returns the very same buffer when the message is within the limits", () => {
    const raw = crlf(["Subject: x", 'Content-Type: multipart/mixed; boundary="b"', "", "--b", "", "a", "--b--", ""]);
    expect(boundMessage(raw)).toBe(raw);
  });

  it("cuts a tree nested too deep, closing every open multipart, part numbers unchanged", () => {
    let body = "";
    for (let i = 0; i < 40; i++) body += `--b${i}\r\nContent-Type: multipart/mixed; boundary="b${i + 1}"\r\n\r\n`;
    const raw = Buffer.from(`Subject: deep\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n--b0\r\nContent-Type: text/plain\r\n\r\nfirst\r\n${body}`, "latin1");
    const out = boundMessage(raw);
    const parts = flattenParts(walkMime(out));
    expect(Math.max(...parts.map((p) => (p.part ? p.part.split(".").length : 0)))).toBeLessThanOrEqual(MAX_MIME_DEPTH);
    // What was kept is byte for byte the same, so "1" is still the text part.
    expect(out.subarray(0, 90).equals(raw.subarray(0, 90))).toBe(true);
    expect(parts.find((p) => p.part === "1")?.contentType).toBe("text/plain");
    expect(out.toString("latin1")).toMatch(/--b0--\r\n$/);
  });

  it("shrinks a header block past mailparser's limit to the fields the reader uses", () => {
    const junk = Array.from({ length: 20_000 }, (_, i) => `X-Junk-${i}: ${"v".repeat(40)}`);
    const to = `To: ${Array.from({ length: 5_000 }, (_, i) => `u${i}@example.test`).join(",\r\n ")}`;
    const raw = crlf(["From: Kim <kim@example.kr>", ...junk, "Subject: still here", to, "Content-Type: text/plain", "", "body"]);
    const out = boundMessage(raw).toString("latin1");
    expect(out.length).toBeLessThan(64 * 1024);
    expect(out).toContain("From: Kim <kim@example.kr>\r\nSubject: still here\r\nTo: u0@example.test,");
    expect(out).not.toContain("X-Junk");
    expect(out.endsWith("Content-Type: text/plain\r\n\r\nbody")).toBe(true);
    // The cut address list ends after a whole address.
    expect(out).toMatch(/u\d+@example\.test\r\nContent-Type/);
  });
});

describe("repairStructure", () => {
  it("finds the boundary a multipart forgot to declare", () => {
    const raw = crlf(["Content-Type: multipart/mixed", "", "--=_x", "Content-Type: text/plain", "", "hello", "--=_x--", ""]);
    const out = repairStructure(raw).toString("latin1");
    expect(out.startsWith('Content-Type: multipart/mixed; boundary="=_x"\r\n')).toBe(true);
  });

  it("turns a multipart without any boundary into text, so its body still shows", () => {
    const out = repairStructure(crlf(["Content-Type: multipart/mixed", "", "just text", ""])).toString("latin1");
    expect(out.startsWith("Content-Type: text/plain\r\n")).toBe(true);
  });

  it("escapes Windows paths in quoted file names, leaves real escapes alone", () => {
    const raw = crlf(['Content-Type: application/msword; name="C:\\Users\\kim\\a.doc"', 'Content-Disposition: attachment; filename="say \\"hi\\".txt"', "", "x"]);
    const out = repairStructure(raw).toString("latin1");
    expect(out).toContain('name="C:\\\\Users\\\\kim\\\\a.doc"');
    expect(out).toContain('filename="say \\"hi\\".txt"');
  });

  it("returns the very same buffer when nothing needs repair", () => {
    const raw = crlf(['Content-Type: multipart/mixed; boundary="b"', "", "--b", "", "a", "--b--", ""]);
    expect(repairStructure(raw)).toBe(raw);
  });
});

describe("limitHtmlNesting", () => {
  it("leaves ordinary HTML untouched (same string)", () => {
    const html = "<table><tr><td><p>x</p></td></tr></table>".repeat(100);
    expect(limitHtmlNesting(html)).toBe(html);
  });

  it("drops start and end tags past the depth limit and keeps their text", () => {
    const html = `${"<div>".repeat(300)}<b>deep</b>${"</div>".repeat(300)}<p>after</p>`;
    const out = limitHtmlNesting(html, 256);
    expect(out.match(/<div>/g)).toHaveLength(256);
    expect(out.match(/<\/div>/g)).toHaveLength(256);
    expect(out).toContain("deep");
    expect(out.endsWith("<p>after</p>")).toBe(true);
  });

  it("is linear: 100,000 nested elements in well under a second", () => {
    const html = `${"<div><span>".repeat(50_000)}x${"</span></div>".repeat(50_000)}`;
    const started = performance.now();
    limitHtmlNesting(html);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("does not count tags inside raw text, comments or attribute values", () => {
    const html = `<style>${"<div>".repeat(400)}</style><!--${"<div>".repeat(400)}--><p title="${"<div>".repeat(400)}">x</p>`;
    expect(limitHtmlNesting(html)).toBe(html);
  });
});

describe("charset helpers", () => {
  it("decodes ISO-2022-KR as glibc writes it", () => {
    expect(decodeIso2022Kr(Buffer.from("1b2429430e4751315b0f206f6b0a0e4751315b0f", "hex"))).toBe("한글 ok\n한글");
  });

  it("knows which labels libmime itself reads", () => {
    expect(libmimeDecodes("ks_c_5601-1987")).toBe(true);
    expect(libmimeDecodes("utf-8")).toBe(true);
    expect(libmimeDecodes("iso-2022-jp")).toBe(true);
    expect(libmimeDecodes("x-windows-949")).toBe(false);
    expect(libmimeDecodes("utf-7")).toBe(false);
  });

  it("recognises Latin-1 labels", () => {
    for (const l of ["ISO-8859-1", "iso8859-1", "latin1", "windows-1252", "cp1252", "ISO-8859-15"]) expect(isLatinLabel(l)).toBe(true);
    for (const l of ["iso-8859-2", "utf-8", "euc-kr", ""]) expect(isLatinLabel(l)).toBe(false);
  });

  it("tells EUC-KR from Latin-1 text", () => {
    expect(looksLikeKorean(iconv.encode("자유게시판에 새 글이 등록되었습니다", "euc-kr"))).toBe(true);
    for (const latin of ["Grüße aus Köln, schöne Tage", "Réservation confirmée à l'hôtel", "ÀÉÎÕÜ àéîõü ÇçÑñ", "Ærøskøbing Ålborg"]) {
      expect(looksLikeKorean(Buffer.from(latin, "latin1"))).toBe(false);
    }
  });

  it("effectiveCharset keeps a label that reads the bytes, corrects one that does not", () => {
    expect(effectiveCharset("iso-8859-1", Buffer.from("café", "latin1"))).toBe("iso-8859-1");
    expect(effectiveCharset("iso-8859-1", Buffer.from("café", "utf8"))).toBe("utf-8");
    expect(effectiveCharset("x-windows-949", iconv.encode("똠방", "cp949"))).toBe("windows-949");
    expect(effectiveCharset("koi8-r", Buffer.from("f0d2c9d7c5d4", "hex"))).toBe("koi8-r");
  });
});
