import "server-only";
/**
 * Plain text from an HTML body, for messages that have no text/plain part (search index,
 * snippets, reply quoting). Built on sanitize-html (already a dependency) rather than
 * html-to-text, which is only a transitive dependency of mailparser.
 */
import sanitizeHtml from "sanitize-html";

// Private-use characters as line/paragraph markers: they survive sanitize-html untouched and
// never occur in real mail text.
const BR = "\ue000";
const PARA = "\ue001";
const CELL = "\ue002";

const BLOCK_END = /<\/(?:p|div|h[1-6]|ul|ol|table|blockquote|pre|section|article|header|footer|address|center|dl)\s*>/gi;
const LINE_END = /<\/(?:li|tr|dt|dd|caption)\s*>|<br\b[^>]*>|<hr\b[^>]*>/gi;
const CELL_END = /<\/t[dh]\s*>/gi;

/**
 * Converts HTML to readable plain text: tags dropped, script/style/head content dropped,
 * block elements become line breaks (at most one blank line in a row), table cells are
 * separated by spaces, entities decoded. Never throws.
 */
export function htmlToText(html: string): string {
  try {
    const marked = html.replace(BLOCK_END, `${PARA}$&`).replace(LINE_END, `${BR}$&`).replace(CELL_END, `${CELL}$&`);
    const stripped = sanitizeHtml(marked, {
      allowedTags: [],
      allowedAttributes: {},
      nonTextTags: ["script", "style", "textarea", "option", "title", "head", "noscript", "xmp", "template"],
    });
    // sanitize-html re-escapes the decoded text with exactly these entities.
    const text = stripped
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, "&");
    return text
      .replace(/[ \t\r\n\f\u00a0]+/g, " ") // source formatting is not meaningful in HTML
      .replace(new RegExp(`\\s*${CELL}\\s*`, "g"), " ")
      .replace(new RegExp(`\\s*${BR}\\s*`, "g"), "\n")
      .replace(new RegExp(`\\s*${PARA}\\s*`, "g"), "\n\n")
      .replace(/\n{3,}/g, "\n\n")
      .split("\n")
      .map((line) => line.trim())
      .join("\n")
      .trim();
  } catch {
    return "";
  }
}
