import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { snippetFromPartHead } from "./part-text";

const korean = "다음 주 화요일 오후 3시에 회의실에서 만나요.";

describe("snippetFromPartHead", () => {
  it("decodes a base64 EUC-KR head cut in the middle of a quantum", () => {
    const b64 = iconv.encode(korean, "euc-kr").toString("base64");
    const cut = Buffer.from(b64.slice(0, 30), "latin1");
    const snippet = snippetFromPartHead(cut, { encoding: "base64", charset: "EUC-KR", html: false });
    expect(korean.startsWith(snippet)).toBe(true);
    expect(snippet.length).toBeGreaterThan(5);
  });

  it("drops a quoted-printable escape cut in half and a cut multibyte character", () => {
    const qp = "Caf=C3=A9 au lait =E2=82=AC=\r\n5 =C3";
    expect(snippetFromPartHead(Buffer.from(qp), { encoding: "quoted-printable", charset: "utf-8", html: false })).toBe("Café au lait €5");
  });

  it("turns HTML into text and guesses the charset when the label is wrong", () => {
    const html = Buffer.concat([Buffer.from("<p>"), iconv.encode(korean, "cp949"), Buffer.from("</p><script>x()</script>")]);
    expect(snippetFromPartHead(html, { encoding: "8bit", charset: "us-ascii", html: true })).toBe(korean);
  });
});

describe("snippetFromPartHead: mislabelled and legacy heads", () => {
  it("reads UTF-8 labelled ISO-8859-1, even when the head cuts a character in half", () => {
    // 26 bytes end inside the 3-byte "–".
    const head = Buffer.from("Réservation confirmée – merci", "utf8").subarray(0, 26);
    expect(snippetFromPartHead(head, { encoding: "8bit", charset: "ISO-8859-1", html: false })).toBe("Réservation confirmée");
  });

  it("reads EUC-KR labelled ISO-8859-1", () => {
    expect(snippetFromPartHead(iconv.encode(korean, "euc-kr"), { encoding: "8bit", charset: "iso-8859-1", html: false })).toBe(korean);
  });

  it("reads unlabelled UTF-8 cut in the middle of a character", () => {
    const head = Buffer.from(korean, "utf8").subarray(0, 20);
    expect(snippetFromPartHead(head, { encoding: "8bit", charset: "us-ascii", html: false })).toBe("다음 주 화요일");
  });

  it("decodes ISO-2022-KR and labels only libmime does not know (x-windows-949)", () => {
    // "한글 ok" as glibc's iconv writes ISO-2022-KR: ESC $ ) C, SO, KS X 1001 bytes, SI.
    const iso2022kr = Buffer.from("1b2429430e4751315b0f206f6b", "hex");
    expect(snippetFromPartHead(iso2022kr, { encoding: "7bit", charset: "ISO-2022-KR", html: false })).toBe("한글 ok");
    expect(snippetFromPartHead(iconv.encode("똠방각하", "cp949"), { encoding: "8bit", charset: "x-windows-949", html: false })).toBe("똠방각하");
  });
});
