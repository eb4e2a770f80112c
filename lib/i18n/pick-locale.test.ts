import { describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => ({ cookies: vi.fn(), headers: vi.fn() }));
const { pickLocale } = await import("./locale");

describe("pickLocale", () => {
  it("honours the user's saved choice first", () => {
    expect(pickLocale("ko", "en-US,en;q=0.9")).toBe("ko");
    expect(pickLocale("en", "ko-KR")).toBe("en");
  });

  it("follows Accept-Language by weight", () => {
    expect(pickLocale(undefined, "ko-KR,ko;q=0.9,en-US;q=0.8")).toBe("ko");
    expect(pickLocale(undefined, "fr-FR,en;q=0.5,ko;q=0.7")).toBe("ko");
    expect(pickLocale(undefined, "de-DE")).toBe("en");
    expect(pickLocale("xx", null)).toBe("en");
  });
});
