import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PARSER_VERSION, parseMessage } from "./parse-message";

const fixture = (name: string) => readFileSync(new URL(`../../tests/fixtures/mime/${name}`, import.meta.url));
const parse = (name: string) => parseMessage(fixture(name), { cidUrl: (cid, part) => `/api/parts/${part}?cid=${encodeURIComponent(cid)}` });

describe("parseMessage: charsets", () => {
  it("decodes EUC-KR body and =?EUC-KR?B? headers", async () => {
    const m = await parse("euc-kr.eml");
    expect(m.subject).toBe("회의 일정 안내");
    expect(m.from).toEqual({ name: "김철수", address: "chulsoo@example.kr" });
    expect(m.to).toEqual([{ name: "이영희", address: "younghee@example.kr" }]);
    expect(m.text).toContain("다음 주 화요일 오후 3시에 회의실에서 만나요.");
    expect(m.snippet).toBe("안녕하세요. 다음 주 화요일 오후 3시에 회의실에서 만나요. 김철수 드림");
    expect(m.html).toBeNull();
    expect(m.date?.toISOString()).toBe("2025-03-04T00:15:00.000Z");
    expect(m.messageId).toBe("<euckr-1@mail.example.kr>");
  });

  it("reads ks_c_5601-1987 (Outlook) as CP949, including extension syllables", async () => {
    const m = await parse("ks-c-5601-1987-outlook.eml");
    expect(m.subject).toBe("똠방각하 주간 보고");
    expect(m.from).toEqual({ name: "박민수", address: "minsu@example.co.kr" });
    expect(m.text).toBe("팀장님께,\n\n똠방각하 보고서를 첨부합니다. 햏 확인 부탁드립니다.");
    expect(m.html).toContain("<p>똠방각하 보고서를 첨부합니다. 햏 확인 부탁드립니다.</p>");
    expect(m.html).not.toContain("<meta");
    expect(m.attachments).toEqual([]);
  });

  it.each([
    ["iso-2022-jp.eml", "会議の件について", { name: "山田太郎", address: "taro@example.jp" }, "花子さん\n\n来週の火曜日に会いましょう。"],
    ["shift-jis.eml", "見積書の送付", { name: "鈴木一郎", address: "ichiro@example.jp" }, "お世話になっております。\n見積書を送付いたします。ご確認ください。"],
    ["gb2312.eml", "会议通知", { name: "王伟", address: "wang.wei@example.cn" }, "各位同事：\n\n我们下周二下午三点开会。"],
    ["big5.eml", "會議通知", { name: "陳大文", address: "chan@example.tw" }, "各位同事：\n\n我們下週二下午三點開會。"],
    ["windows-1252.eml", "Café menu – €5 “spécial”", { name: "François Dupré", address: "francois@example.fr" }, "Bonjour Marie,\n\nLe “menu spécial” coûte €5 aujourd’hui."],
    ["koi8-r.eml", "Встреча завтра", { name: "Иван Петров", address: "ivan@example.ru" }, "Привет, Ольга!\n\nВстреча завтра в десять утра."],
    ["iso-8859-mixed.eml", "Grüße aus Köln", { name: "Zażółć Gęślą", address: "jazn@example.pl" }, "Der Preis beträgt 10 € pro Stück."],
    ["utf8-raw-headers.eml", "원시 UTF-8 제목", { name: "홍길동", address: "gildong@example.kr" }, "본문입니다."],
  ])("%s", async (file, subject, from, text) => {
    const m = await parse(file);
    expect(m.subject).toBe(subject);
    expect(m.from).toEqual(from);
    expect(m.text).toBe(text);
  });

  it("joins a UTF-8 Q subject split mid-character across encoded words, skips quotes in the snippet", async () => {
    const m = await parse("utf8-korean-q-split.eml");
    expect(m.subject).toBe("주간 회의 자료 공유");
    expect(m.from).toEqual({ name: "홍길동", address: "gildong@example.kr" });
    expect(m.text.startsWith("> 지난주 회의록은 어디 있나요?")).toBe(true);
    expect(m.snippet).toBe("회의 자료를 공유 드립니다. 첨부 링크를 확인해 주세요.");
  });

  it("defaults a missing charset to UTF-8", async () => {
    const m = await parse("missing-charset-utf8.eml");
    expect(m.text).toBe("문자셋 표시가 없는 메일입니다.");
  });

  it("falls back to windows-1252 for unlabelled non-UTF-8 latin text", async () => {
    const m = await parse("missing-charset-latin1.eml");
    expect(m.text).toBe("Le café est prêt à midi.");
  });

  it("detects unlabelled EUC-KR in both the body and a raw 8-bit Subject", async () => {
    const m = await parse("missing-charset-euc-kr.eml");
    expect(m.subject).toBe("회의 일정 안내");
    expect(m.text).toBe("다음 주 화요일 오후 3시에 회의실에서 만나요.");
  });

  it("survives an unknown charset label", async () => {
    const m = await parse("unknown-charset.eml");
    expect(m.subject).toBe("Hello world");
    expect(m.text).toBe("Grüße — unknown label, UTF-8 bytes.");
  });

  it("uses a charset declared elsewhere in the message for mislabelled legacy bytes", async () => {
    // "テスト" in Shift_JIS; these bytes are also valid CP949, so only the hint gets them right.
    const sjis = Buffer.from("836583588367", "hex");
    const raw = Buffer.concat([
      Buffer.from(`From: a@example.jp\r\nSubject: =?Shift_JIS?B?${sjis.toString("base64")}?=\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n`),
      sjis,
      Buffer.from("\r\n--b--\r\n"),
    ]);
    const m = await parseMessage(raw);
    expect(m.subject).toBe("テスト");
    expect(m.text).toBe("テスト");
  });
});

describe("parseMessage: structure and attachments", () => {
  it("multipart/alternative: text from text/plain, html sanitised, addresses and threading headers", async () => {
    const m = await parse("alternative.eml");
    expect(m.subject).toBe("Quarterly numbers");
    expect(m.from).toEqual({ name: "Kim, Minji", address: "minji@example.kr" });
    expect(m.to).toEqual([
      { name: "Bob", address: "bob@example.com" },
      { name: "", address: "carol@example.com" },
    ]);
    expect(m.cc).toEqual([{ name: "Dave", address: "dave@example.com" }]);
    expect(m.replyTo).toEqual([{ name: "", address: "replies@example.kr" }]);
    expect(m.inReplyTo).toBe("<prev-1@example.com>");
    expect(m.references).toEqual(["<root-0@example.com>", "<prev-1@example.com>"]);
    expect(m.text).toBe("Hi Bob,\n\nThe quarterly numbers are attached in the shared drive.\n\n-- \nMinji");
    expect(m.html).toContain('<a href="https://drive.example.com/q3" target="_blank" rel="noopener noreferrer">shared drive</a>');
    expect(m.hasRemoteContent).toBe(false);
    expect(m.attachments).toEqual([]);
  });

  it("mixed > alternative + attachments: RFC 2231 / RFC 2047 names, fallback name, IMAP part numbers", async () => {
    const m = await parse("mixed-attachments.eml");
    expect(m.subject).toBe("첨부 파일");
    expect(m.text).toBe("첨부 파일 세 개를 보냅니다.");
    expect(m.attachments).toEqual([
      { part: "2", filename: "한글 문서.pdf", contentType: "application/pdf", size: 77, contentId: null, inline: false },
      {
        part: "3",
        filename: "보고서.xlsx",
        contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        size: 18,
        contentId: null,
        inline: false,
      },
      { part: "4", filename: "attachment-4.zip", contentType: "application/zip", size: 22, contentId: null, inline: false },
      { part: "5", filename: "회의록.txt", contentType: "text/plain", size: 13, contentId: null, inline: false },
    ]);
  });

  it("mixed > related > html + cid image: inline only when referenced, cidUrl gets the part", async () => {
    const m = await parse("related-cid.eml");
    expect(m.attachments).toEqual([
      { part: "1.2", filename: "attachment-1.2.png", contentType: "image/png", size: 70, contentId: "photo-1@example.com", inline: true },
      { part: "1.3", filename: "unused.png", contentType: "image/png", size: 70, contentId: "unused-2@example.com", inline: false },
      { part: "2", filename: "terms.pdf", contentType: "application/pdf", size: 77, contentId: null, inline: false },
    ]);
    expect(m.html).toBe('<p>Look:</p><img alt="photo" width="300" src="/api/parts/1.2?cid=photo-1%40example.com" />');
    expect(m.text).toBe("Look:");
    expect(m.hasRemoteContent).toBe(false);
  });

  it("drops cid images when no cidUrl is given", async () => {
    const m = await parseMessage(fixture("related-cid.eml"));
    expect(m.html).toBe('<p>Look:</p><img alt="photo" width="300" />');
    expect(m.attachments[0]?.inline).toBe(true);
  });

  it("message/rfc822 is one attachment (one IMAP part); later parts keep their numbers", async () => {
    const m = await parse("nested-rfc822.eml");
    expect(m.text).toBe("See the attached message.");
    expect(m.attachments.map((a) => [a.part, a.filename, a.contentType])).toEqual([
      ["2", "attachment-2.eml", "message/rfc822"],
      ["3", "after.pdf", "application/pdf"],
    ]);
    expect(m.attachments[0]?.size).toBe(427);
  });

  it("numbers the body of a non-multipart message as part 1", async () => {
    const m = await parse("single-part-attachment.eml");
    expect(m.attachments).toEqual([{ part: "1", filename: "scan.pdf", contentType: "application/pdf", size: 77, contentId: null, inline: false }]);
    expect(m.text).toBe("");
    expect(m.snippet).toBe("");
  });

  it("reads what it can from a broken boundary", async () => {
    const m = await parse("broken-boundary.eml");
    expect(m.subject).toBe("broken boundary");
    expect(m.text.startsWith("First part is fine.")).toBe(true);
    expect(m.attachments.map((a) => [a.part, a.filename])).toEqual([["2", "junk.bin"]]);
  });

  it("generates text from html-only mail, blocks remote images", async () => {
    const m = await parse("html-only.eml");
    expect(m.text).toBe("Order shipped\n\nYour order #1234 is on its way.");
    expect(m.snippet).toBe("Order shipped Your order #1234 is on its way.");
    expect(m.hasRemoteContent).toBe(true);
    expect(m.html).toContain('data-maeil-src="https://shop.example.com/logo.png"');
    expect(m.html).not.toMatch(/\ssrc="https:/);
  });

  it("hostile html: nothing dangerous survives", async () => {
    const m = await parse("hostile-html.eml");
    const html = m.html ?? "";
    expect(m.subject).toBe("You won!");
    for (const bad of [
      /<script/i, /alert\(/i, /\son\w+=/i, /javascript:/i, /vbscript:/i, /<iframe/i, /<object/i, /<embed/i,
      /<form/i, /<input/i, /<button/i, /<meta/i, /<base/i, /<link/i, /<svg/i, /expression/i, /position/i,
      /behavior/i, /binding/i, /data:text/i, /evil\.example\.net\/(?:phish|frame|steal|track\.css|bg\.png)/,
      /tracker\.example\.net/,
    ]) {
      expect(html).not.toMatch(bad);
    }
    expect(m.hasRemoteContent).toBe(true);
    expect(html).toContain('<a href="https://example.com/legit" target="_blank" rel="noopener noreferrer">Legit link</a>');
    expect(html).toContain('data-maeil-src="https://evil.example.net/img.png"');
    expect(html).toContain('<td style="color: #333333; font-family: Arial, sans-serif" bgcolor="#ffffff" align="center">Table cell</td>');
    expect(m.text.startsWith("Congratulations, you won a prize!")).toBe(true);
    expect(m.text).not.toContain("alert");
  });

  it("never throws on garbage", async () => {
    for (const junk of [Buffer.alloc(0), Buffer.from("\x00\xff\xfe garbage"), Buffer.from("Content-Type: multipart/mixed; boundary=\r\n\r\n--\r\n--")]) {
      const m = await parseMessage(junk);
      expect(m.attachments).toEqual([]);
      expect(typeof m.text).toBe("string");
    }
    expect(PARSER_VERSION).toBeGreaterThanOrEqual(1);
  });

  it("accepts a Uint8Array view into a larger buffer", async () => {
    const bytes = fixture("euc-kr.eml");
    const padded = new Uint8Array(bytes.length + 10);
    padded.set(bytes, 5);
    const m = await parseMessage(padded.subarray(5, 5 + bytes.length));
    expect(m.subject).toBe("회의 일정 안내");
  });

  it("returns null for a missing or unparseable Date", async () => {
    const none = await parseMessage(Buffer.from("Subject: x\r\n\r\nbody"));
    expect(none.date).toBeNull();
    const junk = await parseMessage(Buffer.from("Subject: x\r\nDate: not a date\r\n\r\nbody"));
    expect(junk.date).toBeNull();
  });
});
