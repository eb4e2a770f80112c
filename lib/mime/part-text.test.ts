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
