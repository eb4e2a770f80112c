import { describe, expect, it } from "vitest";
import { htmlToEditorText, textToEditorHtml } from "./editor-text";

describe("htmlToEditorText", () => {
  it("keeps paragraphs, lists, quotes and links, without hard wrapping", () => {
    const long = "긴 문장입니다 ".repeat(20).trim();
    const html =
      `<p>Hello <strong>there</strong>,</p><p>${long}</p>` +
      `<ul><li><p>one</p></li><li><p>two</p></li></ul><ol><li><p>first</p></li></ol>` +
      `<blockquote><p>quoted</p></blockquote><p><a href="https://example.com">site</a> <img src="/x" alt="pic"></p>`;
    expect(htmlToEditorText(html)).toBe(
      ["Hello there,", "", long, "", "* one", "* two", "", " 1. first", "", "> quoted", "", "site <https://example.com>"].join("\n"),
    );
  });

  it("gives an empty string for an empty document", () => {
    expect(htmlToEditorText("<p></p>")).toBe("");
  });
});

describe("textToEditorHtml", () => {
  it("keeps every line: blocks become paragraphs, single newlines line breaks", () => {
    expect(textToEditorHtml("Hi Bob,\r\n\r\nline one\nline two\n\n\nBye")).toBe("<p>Hi Bob,</p><p>line one<br>line two</p><p>Bye</p>");
  });

  it("escapes markup so typed text stays text", () => {
    expect(textToEditorHtml(`a <b> & "c"`)).toBe("<p>a &lt;b&gt; &amp; &quot;c&quot;</p>");
  });

  it("gives an empty string for empty text", () => {
    expect(textToEditorHtml("\n\n")).toBe("");
  });
});
