/**
 * Switching the body editor between rich text and plain text. Pure and safe in
 * the browser (the editor loads it only when the user switches).
 */
import { convert } from "html-to-text";

/**
 * HTML -> text for further editing: no hard wrapping (the text area wraps),
 * lists as "* " / " 1. ", quotes as "> ", links as "text [url]", images dropped.
 */
export function htmlToEditorText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: "a", options: { hideLinkHrefIfSameAsText: true, linkBrackets: ["<", ">"] } },
      { selector: "img", format: "skip" },
      { selector: "h1", options: { uppercase: false } },
      { selector: "h2", options: { uppercase: false } },
      { selector: "h3", options: { uppercase: false } },
      { selector: "ul", options: { itemPrefix: "* " } },
      // The editor wraps each list item's text in a <p>: one line per item, not a paragraph.
      { selector: "li > p", format: "inline" },
    ],
  })
    .replace(/[ \t]+$/gm, "")
    .trim();
}

export const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Text -> HTML keeping every line: a paragraph per blank-line-separated block, line breaks inside it. */
export function textToEditorHtml(text: string): string {
  const normalized = text.replace(/\r\n?/g, "\n").replace(/^\n+|\n+$/g, "");
  if (!normalized) return "";
  return normalized
    .split(/\n{2,}/)
    .map((block) => `<p>${escapeHtml(block).replace(/\n/g, "<br>")}</p>`)
    .join("");
}
