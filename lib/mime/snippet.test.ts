import { describe, expect, it } from "vitest";
import { makeSnippet } from "./snippet";

describe("makeSnippet", () => {
  it("collapses whitespace and skips quoted lines", () => {
    expect(makeSnippet("Hi,\n\n> old text\n>> older\n  > indented quote\nNew   text\there.\n")).toBe("Hi, New text here.");
  });

  it("removes invisible preheader padding", () => {
    expect(makeSnippet("Sale\u200c\u034f \u00a0\u200b today\ufeff")).toBe("Sale today");
  });

  it("cuts at max code points with an ellipsis, never splitting surrogate pairs", () => {
    expect(makeSnippet("가".repeat(250))).toBe("가".repeat(199) + "…");
    expect(makeSnippet("😀".repeat(10), 5)).toBe("😀😀😀😀…");
    expect(makeSnippet("short", 5)).toBe("short");
  });

  it("uses quoted text when there is nothing else", () => {
    expect(makeSnippet("> only\n> quoted")).toBe("only quoted");
  });

  it("drops control characters (PostgreSQL cannot store U+0000)", () => {
    expect(makeSnippet("a\u0000b \u001b[31mred\u0007\u007f")).toBe("ab [31mred");
  });

  it("handles empty input", () => {
    expect(makeSnippet("")).toBe("");
    expect(makeSnippet("   \n ")).toBe("");
  });
});
