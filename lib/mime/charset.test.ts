import { describe, expect, it } from "vitest";
import { detectCharset, isDecodableCharset, normalizeCharset } from "./charset";

const enc = (s: string, cs: string) => Buffer.from(s, cs === "utf-8" ? "utf8" : "latin1");

describe("normalizeCharset", () => {
  it.each([
    ["ks_c_5601-1987", true], ["x-euc-kr", true], ["EUC-KR", true], ['"utf-8"', true], ["iso-8859-8-i", true],
    ["ISO-2022-JP", true], ["x-unknown-charset", false], ["utf-7", false], ["", false],
  ])("%s decodable: %s", (label, ok) => expect(isDecodableCharset(label)).toBe(ok));

  it("strips the x- prefix", () => expect(normalizeCharset("x-euc-kr")).toBe("euc-kr"));
});

describe("detectCharset", () => {
  // EUC-KR bytes for "안녕하세요" (written out so the test does not depend on iconv-lite encoding).
  const euckr = Buffer.from("bec8b3e7c7cfbcbcbfe4", "hex");

  it("ASCII, UTF-8", () => {
    expect(detectCharset(Buffer.from("hello"))).toBe("us-ascii");
    expect(detectCharset(enc("안녕", "utf-8"))).toBe("utf-8");
  });

  it("ISO-2022-JP escapes", () => {
    expect(detectCharset(Buffer.from("\x1b$B%F%9%H\x1b(B", "latin1"))).toBe("iso-2022-jp");
  });

  it("Korean legacy bytes as CP949", () => expect(detectCharset(euckr)).toBe("cp949"));

  it("latin text as windows-1252", () => {
    expect(detectCharset(enc("Grüße, café", "latin1"))).toBe("windows-1252");
  });

  it("prefers a hint that decodes cleanly", () => {
    const koi8 = Buffer.from("f0d2c9d7c5d4", "hex"); // "Привет" in KOI8-R
    expect(detectCharset(koi8, ["koi8-r"])).toBe("koi8-r");
  });
});
