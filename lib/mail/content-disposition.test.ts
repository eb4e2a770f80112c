import { describe, expect, it } from "vitest";
import { contentDisposition, isSafeInlineType } from "./content-disposition";

describe("contentDisposition", () => {
  it("keeps ASCII names and adds an RFC 8187 filename*", () => {
    expect(contentDisposition("attachment", "report.pdf")).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
  });

  it("encodes Korean names and gives an ASCII fallback", () => {
    expect(contentDisposition("attachment", "회의록.pdf")).toBe(
      `attachment; filename="___.pdf"; filename*=UTF-8''%ED%9A%8C%EC%9D%98%EB%A1%9D.pdf`,
    );
  });

  it("cannot be broken out of by quotes or header tricks in the name", () => {
    const value = contentDisposition("inline", 'a"b\\c\r\nX-Evil: 1.png');
    expect(value).not.toMatch(/[\r\n]/);
    expect(value).toContain(`filename="a_b_c__X-Evil: 1.png"`);
  });
});

describe("isSafeInlineType", () => {
  it("allows plain images only", () => {
    expect(isSafeInlineType("image/png")).toBe(true);
    expect(isSafeInlineType("IMAGE/JPEG")).toBe(true);
    expect(isSafeInlineType("image/svg+xml")).toBe(false);
    expect(isSafeInlineType("text/html")).toBe(false);
  });
});
