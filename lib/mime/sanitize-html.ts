import "server-only";
/**
 * Sanitises hostile mail HTML for display. Server side (sanitize-html + htmlparser2, no DOM).
 *
 * The output is meant to be shown inside a sandboxed iframe (`srcdoc`, no `allow-scripts`,
 * `allow-popups allow-popups-to-escape-sandbox` so links open): `<style>` blocks are kept
 * (filtered) and are not scoped to the message, which is only safe when the message has its own
 * document.
 *
 * Remote content is blocked by default (privacy: remote images are read receipts): remote
 * `<img src>` / `background` URLs move to `data-maeil-src` / `data-maeil-background`, and inline
 * styles that load remote url()s keep a filtered copy in `data-maeil-style`; allowRemoteContent()
 * puts them back. Tracking pixels (an image 0/1 px wide or high, or hidden) lose their remote
 * URL entirely, so they never load.
 */
import sanitizeHtmlLib, { type IOptions, type Attributes } from "sanitize-html";
import { filterInlineStyle, filterStyleSheet, type CssUrlContext } from "./css-filter";

/** Result of {@link sanitizeEmailHtml}. */
export interface SanitizeResult {
  html: string;
  /**
   * true when remote images/backgrounds were blocked and {@link allowRemoteContent} would load
   * them. Blocked tracking pixels alone do not set it (loading images would not show anything).
   */
  hasRemoteContent: boolean;
}

type Mode = "block" | "restore";

const ALLOWED_TAGS = [
  "a", "abbr", "acronym", "address", "article", "aside", "b", "bdi", "bdo", "big", "blockquote", "br",
  "caption", "center", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl",
  "dt", "em", "figcaption", "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
  "hgroup", "hr", "i", "img", "ins", "kbd", "li", "main", "mark", "nav", "ol", "p", "pre", "q", "rp",
  "rt", "ruby", "s", "samp", "section", "small", "span", "strike", "strong", "sub", "summary", "sup",
  "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "wbr",
  // collected by exclusiveFilter, filtered as CSS and re-emitted once; never output raw
  "style",
];

// Disallowed elements whose text content must go too (not just the tags).
const NON_TEXT_TAGS = ["script", "textarea", "option", "xmp", "title", "noscript", "template", "svg", "math", "select", "noembed", "noframes", "iframe", "object", "embed", "applet"];

const LEGACY_BG = ["background"];
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  "*": ["style", "class", "align", "valign", "dir", "lang", "title", "width", "height", "bgcolor", "color", "border", "data-maeil-style"],
  a: ["href", "target", "rel"],
  img: ["src", "alt", "hspace", "vspace", "data-maeil-src"],
  table: ["cellpadding", "cellspacing", "summary", "frame", "rules", ...LEGACY_BG, "data-maeil-background"],
  tbody: [...LEGACY_BG, "data-maeil-background"],
  thead: [...LEGACY_BG, "data-maeil-background"],
  tfoot: [...LEGACY_BG, "data-maeil-background"],
  tr: [...LEGACY_BG, "data-maeil-background"],
  td: ["colspan", "rowspan", "nowrap", "headers", "scope", "abbr", ...LEGACY_BG, "data-maeil-background"],
  th: ["colspan", "rowspan", "nowrap", "headers", "scope", "abbr", ...LEGACY_BG, "data-maeil-background"],
  col: ["span"],
  colgroup: ["span"],
  font: ["face", "size"],
  ol: ["start", "type", "reversed"],
  ul: ["type"],
  li: ["value", "type"],
  hr: ["noshade", "size"],
  time: ["datetime"],
  details: ["open"],
};

const DATA_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp|bmp);base64,[A-Za-z0-9+/=\s]*$/i;
const REMOTE = /^(?:https?:)?\/\//i;

/** Absolute http(s) form of a remote URL ("//host/x" becomes "https://host/x"). */
function absolute(url: string): string {
  return url.startsWith("//") ? `https:${url}` : url;
}

/** A pixel-sized or hidden image: the classic open-tracking beacon. */
function isTracker(attribs: Attributes): boolean {
  const tiny = (v: string | undefined) => v !== undefined && /^\s*[01](?:\.0*)?\s*(?:px)?\s*$/i.test(v);
  if (tiny(attribs.width) || tiny(attribs.height)) return true;
  const style = (attribs.style ?? "").toLowerCase();
  if (/(?:^|;)\s*(?:max-)?(?:width|height)\s*:\s*[01](?:\.0*)?(?:px)?\s*(?:!important\s*)?(?:;|$)/.test(style)) return true;
  return /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/.test(style);
}

function runSanitizer(html: string, mode: Mode, cidUrl?: (contentId: string) => string | null): SanitizeResult {
  let hasRemoteContent = false;
  const sheets: string[] = [];
  const ctx = (allowRemote: boolean): CssUrlContext => ({
    allowRemote,
    cid: (id) => (cidUrl ? cidUrl(id) : null),
  });

  /** Classifies one URL-valued attribute; returns the value to keep or null to drop it. */
  const checkImageUrl = (value: string | undefined, attribs: Attributes): { keep: string | null; remote: string | null } => {
    const url = (value ?? "").trim();
    if (!url) return { keep: null, remote: null };
    if (/^cid:/i.test(url)) return { keep: cidUrl ? cidUrl(url.slice(4).replace(/^<|>$/g, "")) : null, remote: null };
    if (DATA_IMAGE.test(url)) return { keep: url, remote: null };
    if (REMOTE.test(url)) {
      if (isTracker(attribs)) return { keep: null, remote: null };
      return mode === "restore" ? { keep: absolute(url), remote: null } : { keep: null, remote: absolute(url) };
    }
    // Relative URLs would resolve against the webmail itself. In restore mode the input is our own
    // output, whose only relative image URLs are the ones cidUrl produced.
    if (mode === "restore" && !/^[a-z][a-z0-9+.-]*:/i.test(url)) return { keep: url, remote: null };
    return { keep: null, remote: null };
  };

  const transform = (tagName: string, input: Attributes) => {
    const attribs: Attributes = {};
    for (const [k, v] of Object.entries(input)) {
      const key = k.toLowerCase();
      // Our own markers are trusted only when re-reading our own output (restore mode).
      if (key.startsWith("data-") && !(mode === "restore" && key.startsWith("data-maeil-"))) continue;
      if (key.startsWith("on")) continue;
      attribs[key] = v;
    }

    if (attribs.style !== undefined || attribs["data-maeil-style"] !== undefined) {
      const source = mode === "restore" && attribs["data-maeil-style"] !== undefined ? attribs["data-maeil-style"] : attribs.style ?? "";
      delete attribs["data-maeil-style"];
      const now = filterInlineStyle(source, ctx(mode === "restore"));
      if (now.css) attribs.style = now.css;
      else delete attribs.style;
      if (now.remote) {
        const later = filterInlineStyle(source, ctx(true));
        if (later.css) {
          attribs["data-maeil-style"] = later.css;
          hasRemoteContent = true;
        }
      }
    }

    if (tagName === "a") {
      const href = (attribs.href ?? "").trim();
      delete attribs.href;
      delete attribs.target;
      delete attribs.rel;
      if (/^(?:https?:|mailto:)/i.test(href) || href.startsWith("#")) attribs.href = href;
      else if (href.startsWith("//")) attribs.href = `https:${href}`;
      attribs.target = "_blank";
      attribs.rel = "noopener noreferrer";
    }

    if (tagName === "img") {
      const stored = attribs["data-maeil-src"];
      delete attribs["data-maeil-src"];
      const candidate = mode === "restore" && stored !== undefined && REMOTE.test(stored.trim()) ? stored : attribs.src;
      const { keep, remote } = checkImageUrl(candidate, attribs);
      delete attribs.src;
      if (keep !== null && keep !== "") attribs.src = keep;
      if (remote) {
        attribs["data-maeil-src"] = remote;
        hasRemoteContent = true;
      }
    }

    if (attribs.background !== undefined || attribs["data-maeil-background"] !== undefined) {
      const stored = attribs["data-maeil-background"];
      delete attribs["data-maeil-background"];
      const candidate = mode === "restore" && stored !== undefined && REMOTE.test(stored.trim()) ? stored : attribs.background;
      delete attribs.background;
      const { keep, remote } = checkImageUrl(candidate, {});
      if (keep !== null && keep !== "") attribs.background = keep;
      if (remote) {
        attribs["data-maeil-background"] = remote;
        hasRemoteContent = true;
      }
    }
    return { tagName, attribs };
  };

  const options: IOptions = {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https", "data"] },
    allowedSchemesAppliedToAttributes: ["href", "src", "background", "cite", "action", "formaction", "poster", "data", "xlink:href"],
    allowProtocolRelative: false,
    nonTextTags: NON_TEXT_TAGS,
    disallowedTagsMode: "discard",
    // Style sheets are parsed (raw text) by htmlparser2, collected here, filtered as CSS and
    // re-emitted once at the top; returning true removes the element and its raw text.
    allowVulnerableTags: true,
    // Inline styles are filtered by css-filter.ts in transform(); sanitize-html's own pass would
    // need a property allowlist and re-serialise what we already checked.
    parseStyleAttributes: false,
    exclusiveFilter: (frame) => {
      if (frame.tag === "style") {
        // Remote url()s in style sheets are dropped for good (there is no attribute to park them
        // in), so they do not count towards hasRemoteContent.
        const { css } = filterStyleSheet(frame.text ?? "", ctx(mode === "restore"));
        if (css) sheets.push(css);
        return true;
      }
      return false;
    },
    transformTags: { "*": transform },
    // The output goes into srcdoc; keep parsing as HTML (not XML) and decode entities.
    parser: { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  };

  let body: string;
  try {
    body = sanitizeHtmlLib(html, options);
  } catch {
    // sanitize-html is not known to throw; if it ever does, show nothing rather than the raw HTML.
    body = "";
  }
  const head = sheets.length ? `<style>${sheets.join("\n")}</style>` : "";
  return { html: (head + body).trim(), hasRemoteContent };
}

/**
 * Sanitises mail HTML: scripts, event handlers, frames, objects, forms and form controls, meta
 * refresh, base, link, SVG and MathML are removed; links are limited to http/https/mailto (and
 * in-message "#fragment" links) and open in a new tab with `rel="noopener noreferrer"`; images to
 * http(s) (blocked, see module doc), cid: (via `cidUrl`; dropped when it returns null or is not
 * given) and data:image/{png,gif,jpeg,webp,bmp}; CSS filtered (see css-filter.ts).
 */
export function sanitizeEmailHtml(html: string, options?: { cidUrl?: (contentId: string) => string | null }): SanitizeResult {
  return runSanitizer(html ?? "", "block", options?.cidUrl);
}

/**
 * Re-enables the remote images and backgrounds that {@link sanitizeEmailHtml} blocked (the "load
 * images" action). Input must be sanitizeEmailHtml output; it is sanitised again anyway, restoring
 * only http(s) URLs, and tracking pixels stay blocked.
 */
export function allowRemoteContent(sanitizedHtml: string): string {
  return runSanitizer(sanitizedHtml ?? "", "restore").html;
}
