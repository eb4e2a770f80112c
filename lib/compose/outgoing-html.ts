import "server-only";
import { convert } from "html-to-text";
import sanitizeHtml from "sanitize-html";

/**
 * What we send as HTML: only the markup our editor produces (and what a
 * quoted original needs), so a pasted script or tracking pixel never leaves
 * in the user's name. Inline images must already be cid: references.
 */
const OUTGOING: sanitizeHtml.IOptions = {
  allowedTags: [
    "p", "br", "div", "span", "b", "strong", "i", "em", "u", "s", "strike", "del", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "h1", "h2", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "td", "th",
  ],
  allowedAttributes: {
    a: ["href", "title"],
    img: ["src", "alt", "width", "height", "title"],
    "*": ["style", "dir", "lang"],
    td: ["colspan", "rowspan"],
    th: ["colspan", "rowspan"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["cid"] },
  allowedStyles: {
    "*": {
      color: [/^#[0-9a-f]{3,8}$/i, /^rgb\([\d\s,.%]+\)$/i],
      "text-align": [/^(left|right|center|justify)$/],
      "font-weight": [/^(bold|normal|\d{3})$/],
      "font-style": [/^(italic|normal)$/],
      "text-decoration": [/^[a-z\s-]+$/],
    },
  },
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer" }) },
  // Only our own inline parts: a relative or remote image would be broken or a tracker.
  exclusiveFilter: (frame) => frame.tag === "img" && !/^cid:/i.test(frame.attribs.src ?? ""),
};

export function sanitizeOutgoingHtml(html: string): string {
  return sanitizeHtml(html, OUTGOING);
}

/** The plain-text alternative of an HTML body (RFC 2046 multipart/alternative), quotes kept as "> ". */
export function htmlToPlainText(html: string): string {
  return convert(html, {
    wordwrap: 78,
    selectors: [
      { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
      { selector: "img", format: "skip" },
      { selector: "h1", options: { uppercase: false } },
      { selector: "h2", options: { uppercase: false } },
      { selector: "h3", options: { uppercase: false } },
      { selector: "table", format: "dataTable" },
    ],
  }).trim();
}
