import { describe, expect, it } from "vitest";
import { linkify, textBlocks } from "./text-blocks";

describe("linkify", () => {
  it("finds http, https, www and mailto links and leaves trailing punctuation out", () => {
    expect(linkify("See https://example.com/a?b=1. Or www.naver.com, or mailto:kim@example.kr!")).toEqual([
      { kind: "text", text: "See " },
      { kind: "link", text: "https://example.com/a?b=1", href: "https://example.com/a?b=1" },
      { kind: "text", text: ". Or " },
      { kind: "link", text: "www.naver.com", href: "https://www.naver.com" },
      { kind: "text", text: ", or " },
      { kind: "link", text: "mailto:kim@example.kr", href: "mailto:kim@example.kr" },
      { kind: "text", text: "!" },
    ]);
  });

  it("never makes a link of other schemes", () => {
    expect(linkify("javascript:alert(1) data:text/html,x vbscript:x file:///etc/passwd")).toEqual([
      { kind: "text", text: "javascript:alert(1) data:text/html,x vbscript:x file:///etc/passwd" },
    ]);
  });

  it("keeps Korean text around a link intact", () => {
    expect(linkify("자료는 https://example.kr/문서 에 있습니다")).toEqual([
      { kind: "text", text: "자료는 " },
      { kind: "link", text: "https://example.kr/문서", href: "https://example.kr/문서" },
      { kind: "text", text: " 에 있습니다" },
    ]);
  });
});

describe("textBlocks", () => {
  it("separates quoted lines into foldable blocks", () => {
    const blocks = textBlocks("Sounds good.\r\n\r\nOn Mon, Kim wrote:\n> Lunch?\n> > Earlier\nBye");
    expect(blocks.map((b) => [b.kind, b.kind === "quote" ? b.lines : 0])).toEqual([["text", 0], ["quote", 2], ["text", 0]]);
    expect(blocks[1]!.parts).toEqual([{ kind: "text", text: "> Lunch?\n> > Earlier" }]);
  });
});
