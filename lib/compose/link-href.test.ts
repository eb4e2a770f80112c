import { describe, expect, it } from "vitest";
import { isAllowedLinkHref, normalizeLinkHref } from "./link-href";

describe("normalizeLinkHref", () => {
  it("keeps http, https and mailto links", () => {
    expect(normalizeLinkHref("https://example.com/a?b=1#c")).toEqual({ ok: true, href: "https://example.com/a?b=1#c" });
    expect(normalizeLinkHref("  HTTP://Example.com  ")).toEqual({ ok: true, href: "http://example.com/" });
    expect(normalizeLinkHref("mailto:bob@example.com?subject=hi")).toEqual({ ok: true, href: "mailto:bob@example.com?subject=hi" });
    expect(normalizeLinkHref("https://한국.kr/경로")).toMatchObject({ ok: true });
  });

  it("completes what people usually type", () => {
    expect(normalizeLinkHref("example.com/docs")).toEqual({ ok: true, href: "https://example.com/docs" });
    expect(normalizeLinkHref("www.naver.com")).toEqual({ ok: true, href: "https://www.naver.com/" });
    expect(normalizeLinkHref("localhost:3000/x")).toEqual({ ok: true, href: "https://localhost:3000/x" });
    expect(normalizeLinkHref("bob@example.com")).toEqual({ ok: true, href: "mailto:bob@example.com" });
  });

  it("refuses other schemes, with the reason", () => {
    expect(normalizeLinkHref("javascript:alert(1)")).toEqual({ ok: false, reason: "scheme" });
    expect(normalizeLinkHref("JaVaScRiPt:alert(1)")).toEqual({ ok: false, reason: "scheme" });
    expect(normalizeLinkHref("data:text/html,<b>x</b>")).toEqual({ ok: false, reason: "scheme" });
    expect(normalizeLinkHref("file:///etc/passwd")).toEqual({ ok: false, reason: "scheme" });
    expect(normalizeLinkHref("vbscript:x")).toEqual({ ok: false, reason: "scheme" });
  });

  it("refuses what is not a link", () => {
    expect(normalizeLinkHref("")).toEqual({ ok: false, reason: "empty" });
    expect(normalizeLinkHref("   ")).toEqual({ ok: false, reason: "empty" });
    expect(normalizeLinkHref("hello world")).toEqual({ ok: false, reason: "invalid" });
    expect(normalizeLinkHref("just-a-word")).toEqual({ ok: false, reason: "invalid" });
    expect(normalizeLinkHref("mailto:not-an-address")).toEqual({ ok: false, reason: "invalid" });
    expect(normalizeLinkHref("https://")).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("isAllowedLinkHref (links already in the document)", () => {
  it("needs an explicit allowed scheme", () => {
    expect(isAllowedLinkHref("https://example.com")).toBe(true);
    expect(isAllowedLinkHref("mailto:a@example.com")).toBe(true);
    expect(isAllowedLinkHref("example.com")).toBe(false);
    expect(isAllowedLinkHref("javascript:alert(1)")).toBe(false);
    expect(isAllowedLinkHref("/relative/path")).toBe(false);
  });
});
