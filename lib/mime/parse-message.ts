import "server-only";
/**
 * Raw RFC 5322 message -> what the reader UI needs. Built on mailparser's simpleParser, with:
 * - a charset repair pass first (repair-charsets.ts) for unlabelled / mislabelled legacy text;
 * - IMAP part numbers for attachments, so `client.download(uid, part, { uid: true })` /
 *   `FETCH BODY[<part>]` returns exactly that attachment;
 * - sanitised HTML (sanitize-html.ts) with cid: images rewritten through `options.cidUrl`;
 * - limits (bound-message.ts) and structure repairs (repair-structure.ts) so that pathological
 *   input still yields its headers and whatever text can be read;
 * - no control characters in the output (PostgreSQL text cannot even store U+0000).
 * It never throws: whatever cannot be read comes back empty.
 */
import { decode as decodeCharset } from "libmime/lib/charset";
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from "mailparser";
import { boundMessage } from "./bound-message";
import { decodeIso2022Kr, effectiveCharset, isIso2022Kr } from "./charset";
import { limitHtmlNesting } from "./html-depth";
import { htmlToText } from "./html-to-text";
import { formatAddress } from "./addresses";
import { flattenParts, walkMime } from "./mime-tree";
import { decodeTransferEncoding, repairCharsets } from "./repair-charsets";
import { repairStructure } from "./repair-structure";
import { sanitizeEmailHtml } from "./sanitize-html";
import { makeSnippet } from "./snippet";
import type { MailAddress } from "./types";

export type { MailAddress } from "./types";

/** One attachment (or inline image) of a message. */
export interface AttachmentInfo {
  /** IMAP part number ("2", "1.2", ...): pass it to imapflow `download(uid, part, { uid: true })`. */
  part: string;
  /** Decoded (RFC 2047 / RFC 2231) file name, path-free; never empty ("attachment-<part>.<ext>"). */
  filename: string;
  /** Lowercased "type/subtype". */
  contentType: string;
  /** Decoded size in bytes. */
  size: number;
  /** Content-ID without angle brackets, or null. */
  contentId: string | null;
  /** Shown inside the HTML: referenced by a cid: URL and not marked `Content-Disposition: attachment`. */
  inline: boolean;
}

/** The parsed, display-ready form of a message. */
export interface ParsedMessage {
  subject: string;
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  replyTo: MailAddress[];
  /** null when the Date header is missing or unparseable (mailparser would say "now"). */
  date: Date | null;
  /** With angle brackets, as in the header ("<id@host>"), ready for In-Reply-To/References. */
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** Plain text body (text/plain parts, or text generated from the HTML when there is none). */
  text: string;
  /** Sanitised HTML (cid: rewritten via options.cidUrl), or null when the message has no HTML. */
  html: string | null;
  /** The HTML had remote images/backgrounds that were blocked; allowRemoteContent() loads them. */
  hasRemoteContent: boolean;
  attachments: AttachmentInfo[];
  /** First ~200 characters of the text, quoted lines skipped, whitespace collapsed. */
  snippet: string;
  /**
   * Disposition-Notification-To (RFC 8098): where the sender asked a read receipt to go, as an
   * address list ("Name <a@b>, ..."); null when none was asked, or when the message is itself
   * a receipt (an MDN must never be sent for an MDN).
   */
  readReceiptTo: string | null;
}

/**
 * Version of the parse output. Bump whenever ParsedMessage for the same bytes changes (new
 * sanitiser rule, different text generation, ...) so cached bodies get reparsed.
 */
export const PARSER_VERSION = 3;

/**
 * The most HTML that is sanitised and the most text that is kept, in UTF-16 code units. Real
 * mail stays far below (a large newsletter is ~200 kB); a 10 MB single-line body would otherwise
 * cost seconds of sanitising and a page too big to render. Longer bodies are cut, and the text
 * ends in "[…]".
 */
export const MAX_HTML_LENGTH = 3_000_000;
export const MAX_TEXT_LENGTH = 1_000_000;

/** Cuts a string to `max` code units without splitting a surrogate pair. */
function cutTo(value: string, max: number): string {
  if (value.length <= max) return value;
  const end = /[\ud800-\udbff]/.test(value[max - 1] ?? "") ? max - 1 : max;
  return value.slice(0, end);
}

/** Options for {@link parseMessage}. */
export interface ParseMessageOptions {
  /**
   * Builds the URL the browser should load for an inline (cid:) image, e.g.
   * `(cid, part) => `/api/messages/${id}/parts/${part}``. Without it cid: images are dropped.
   */
  cidUrl?: (contentId: string, part: string) => string;
}

const EXTENSIONS: Record<string, string> = {
  "application/pdf": "pdf",
  "application/zip": "zip",
  "application/gzip": "gz",
  "application/json": "json",
  "application/xml": "xml",
  "application/msword": "doc",
  "application/vnd.ms-excel": "xls",
  "application/vnd.ms-powerpoint": "ppt",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
  "application/x-hwp": "hwp",
  "application/haansofthwp": "hwp",
  "application/vnd.hancom.hwp": "hwp",
  "application/pgp-signature": "asc",
  "application/pkcs7-signature": "p7s",
  "application/x-pkcs7-signature": "p7s",
  "message/rfc822": "eml",
  "message/delivery-status": "txt",
  "text/plain": "txt",
  "text/html": "html",
  "text/csv": "csv",
  "text/calendar": "ics",
  "text/rfc822-headers": "txt",
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
  "image/bmp": "bmp",
  "image/svg+xml": "svg",
  "audio/mpeg": "mp3",
  "video/mp4": "mp4",
};

// C0 controls and DEL, except tab and line feed.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
// Bidirectional embedding/override/isolate controls: "invoice\u202Efdp.exe" shows as "invoiceexe.pdf".
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One line of header text (subject, name, address, id) without control characters. */
function cleanLine(value: string | undefined | null): string {
  return (value ?? "").replace(/[\r\n\t]+/g, " ").replace(CONTROLS, "").trim();
}

/** Makes a decoded file name safe to hand back in Content-Disposition and to save. */
function cleanFilename(name: string | undefined): string {
  const base = (name ?? "")
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .replace(BIDI_CONTROLS, "")
    .split(/[/\\]/)
    .pop()!
    .replace(/^\.+/, "")
    .trim();
  if (base.length <= 255) return base;
  // Too long: shorten the stem, keep the extension the file will be opened by.
  const ext = /\.[A-Za-z0-9]{1,10}$/.exec(base)?.[0] ?? "";
  return base.slice(0, 255 - ext.length) + ext;
}

function fallbackFilename(part: string, contentType: string): string {
  const ext = EXTENSIONS[contentType] ?? (/^[a-z0-9]{1,5}$/.exec(contentType.split("/")[1] ?? "")?.[0] || "bin");
  return `attachment-${part}.${ext}`;
}

/** Flattens mailparser address objects (groups included) into mailboxes. */
function mailboxes(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const out: MailAddress[] = [];
  const visit = (entries: { name: string; address?: string; group?: unknown[] }[]) => {
    for (const e of entries) {
      if (Array.isArray(e.group)) visit(e.group as typeof entries);
      else if (e.address) out.push({ name: (e.name ?? "").trim(), address: e.address.trim() });
    }
  };
  for (const obj of value ? (Array.isArray(value) ? value : [value]) : []) visit(obj.value ?? []);
  return out;
}

/** The Disposition-Notification-To addresses, unless the message is itself a disposition notification. */
function readReceiptTo(mail: ParsedMail): string | null {
  const type = mail.headers?.get("content-type") as { value?: string; params?: Record<string, string> } | undefined;
  if (type?.value?.toLowerCase() === "multipart/report" && type.params?.["report-type"]?.toLowerCase() === "disposition-notification") return null;
  const list = mailboxes(mail.headers?.get("disposition-notification-to") as AddressObject | undefined);
  return list.length ? list.map(formatAddress).join(", ") : null;
}

/** The Date header as the sender wrote it, parsed; null when absent or nonsense. */
function headerDate(mail: ParsedMail): Date | null {
  const line = mail.headerLines?.find((h) => h.key === "date")?.line;
  if (!line) return null;
  const raw = line.replace(/^date:\s*/i, "").replace(/\r?\n[ \t]+/g, " ").replace(/\([^)]*\)/g, "").trim();
  const parsed = new Date(raw);
  if (!Number.isNaN(parsed.getTime())) return parsed;
  return mail.date instanceof Date && !Number.isNaN(mail.date.getTime()) && /\d{4}/.test(raw) ? mail.date : null;
}

function msgIds(value: string | string[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((v) => v.match(/<[^<>\s]+>/g) ?? (v.trim() ? [v.trim()] : []));
}

const EMPTY: ParsedMessage = {
  subject: "",
  from: null,
  to: [],
  cc: [],
  replyTo: [],
  date: null,
  messageId: null,
  inReplyTo: null,
  references: [],
  text: "",
  html: null,
  hasRemoteContent: false,
  attachments: [],
  snippet: "",
  readReceiptTo: null,
};

/**
 * Parses a raw message. Never throws; unreadable input yields empty fields.
 *
 * @param source the exact RFC 5322 bytes (e.g. imapflow `fetchOne(uid, { source: true })`)
 * @param options.cidUrl URL builder for inline images, see {@link ParseMessageOptions}
 */
export async function parseMessage(source: Buffer | Uint8Array, options?: ParseMessageOptions): Promise<ParsedMessage> {
  const raw = Buffer.isBuffer(source) ? source : Buffer.from(source?.buffer ?? [], source?.byteOffset ?? 0, source?.byteLength ?? 0);
  let mail: ParsedMail;
  try {
    const prepared = repairCharsets(repairStructure(boundMessage(raw)));
    // Text parts that sit next to HTML ones in a multipart/mixed (a list footer, a note before an
    // HTML part) must be merged into the HTML as escaped text, or the reader, which shows the HTML,
    // loses them. That costs a text-to-HTML pass, so it is only asked for when there is HTML.
    const hasHtml = flattenParts(walkMime(prepared)).some((p) => p.contentType === "text/html");
    mail = await simpleParser(prepared, { ...PARSER_OPTIONS, skipTextToHtml: !hasHtml });
  } catch {
    try {
      mail = await simpleParser(raw, PARSER_OPTIONS);
    } catch {
      return headersOnly(raw, options);
    }
  }
  try {
    return clean(build(mail, options));
  } catch {
    return { ...EMPTY, subject: cleanLine(typeof mail.subject === "string" ? mail.subject : "") };
  }
}

/**
 * Last resort for a message mailparser refuses even after boundMessage(): the top-level headers
 * (shrunk to size) and the first readable text/plain part found by our own MIME walk.
 */
async function headersOnly(raw: Buffer, options?: ParseMessageOptions): Promise<ParsedMessage> {
  try {
    const root = walkMime(raw);
    const head = boundMessage(raw.subarray(root.headerStart, root.bodyStart));
    const mail = await simpleParser(head, PARSER_OPTIONS);
    const parsed = build({ ...mail, text: "", html: false, attachments: [] } as ParsedMail, options);
    const leaf = flattenParts(root).find(
      (p) => p.contentType === "text/plain" && p.children.length === 0 && p !== root && !p.headers.some((h) => h.name === "content-disposition" && /^\s*attachment/i.test(h.value)),
    );
    if (leaf) {
      const cte = leaf.headers.find((h) => h.name === "content-transfer-encoding")?.value ?? "";
      const bytes = decodeTransferEncoding(raw.subarray(leaf.bodyStart, leaf.bodyEnd), cte);
      const label = leaf.params.charset;
      const decoded = isIso2022Kr(label) ? decodeIso2022Kr(bytes) : decodeCharset(bytes, effectiveCharset(label, bytes));
      parsed.text = decoded.replace(/\r\n?/g, "\n").replace(/^(?:[ \t]*\n)+/, "").replace(/\s+$/, "");
      parsed.snippet = makeSnippet(parsed.text);
    }
    return clean(parsed);
  } catch {
    return { ...EMPTY };
  }
}

/** Removes control characters (and, from file names, bidi overrides) from every output string. */
function clean(m: ParsedMessage): ParsedMessage {
  const person = (a: MailAddress): MailAddress => ({ name: cleanLine(a.name), address: cleanLine(a.address) });
  const text = m.text.replace(CONTROLS, "");
  return {
    ...m,
    subject: cleanLine(m.subject),
    from: m.from ? person(m.from) : null,
    to: m.to.map(person),
    cc: m.cc.map(person),
    replyTo: m.replyTo.map(person),
    messageId: m.messageId ? cleanLine(m.messageId) || null : null,
    inReplyTo: m.inReplyTo ? cleanLine(m.inReplyTo) || null : null,
    references: m.references.map(cleanLine).filter(Boolean),
    readReceiptTo: m.readReceiptTo === null ? null : cleanLine(m.readReceiptTo) || null,
    text,
    // Tab, LF, FF and CR are HTML whitespace; every other control is only a parse error there.
    html: m.html === null ? null : m.html.replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g, ""),
    snippet: m.text === text ? m.snippet : makeSnippet(text),
    attachments: m.attachments.map((a) => ({ ...a, contentId: a.contentId === null ? null : cleanLine(a.contentId) || null })),
  };
}

const PARSER_OPTIONS = {
  // We sanitise and rewrite cid: ourselves; data: inlining would bloat cached bodies.
  keepCidLinks: true,
  skipImageLinks: true,
  // Our own html-to-text is used only when there is no text/plain at all.
  skipHtmlToText: true,
  skipTextToHtml: true,
  // A forwarded message/rfc822 stays ONE attachment (its IMAP part), whatever its disposition:
  // mailparser numbers parts inside an inline-parsed embedded message wrongly for a non-multipart
  // inner body (it says "2" where IMAP says "2.1"). Parse the .eml part again to show it.
  ignoreEmbedded: true,
  checksumAlgo: false as const,
};

function build(mail: ParsedMail, options?: ParseMessageOptions): ParsedMessage {
  const attachments: (AttachmentInfo & { disposition: string | undefined })[] = mail.attachments.map((a: Attachment) => {
    // mailparser gives the IMAP number for parts of a multipart; a non-multipart message's
    // single body is IMAP part "1" (RFC 3501 section 6.4.5).
    const part = a.partId || "1";
    const contentType = (a.contentType || "application/octet-stream").toLowerCase();
    return {
      part,
      filename: cleanFilename(a.filename) || fallbackFilename(part, contentType),
      contentType,
      size: a.size ?? a.content?.length ?? 0,
      contentId: a.cid ? a.cid : null,
      inline: false,
      disposition: a.contentDisposition?.toLowerCase(),
    };
  });

  const byCid = new Map<string, (typeof attachments)[number]>();
  for (const a of attachments) if (a.contentId && !byCid.has(a.contentId.toLowerCase())) byCid.set(a.contentId.toLowerCase(), a);

  let html: string | null = null;
  let hasRemoteContent = false;
  let rawHtml = typeof mail.html === "string" ? mail.html : "";
  if (rawHtml.length > MAX_HTML_LENGTH) {
    // Cut before the last tag that would be left half-written.
    const cut = cutTo(rawHtml, MAX_HTML_LENGTH);
    const lt = cut.lastIndexOf("<");
    rawHtml = lt > MAX_HTML_LENGTH - 4096 ? cut.slice(0, lt) : cut;
  }
  // Deep nesting is quadratic in htmlparser2 (under both the sanitiser and htmlToText).
  rawHtml = limitHtmlNesting(rawHtml);
  if (rawHtml) {
    const result = sanitizeEmailHtml(rawHtml, {
      cidUrl: (cid) => {
        let id = cid.trim();
        try {
          id = decodeURIComponent(id); // RFC 2392: cid URLs are %-encoded Content-IDs
        } catch {
          // keep as is
        }
        const att = byCid.get(id.toLowerCase());
        if (!att) return null;
        if (att.disposition !== "attachment") att.inline = true;
        return options?.cidUrl ? options.cidUrl(att.contentId!, att.part) : null;
      },
    });
    html = result.html;
    hasRemoteContent = result.hasRemoteContent;
  }

  let text = mail.text ?? "";
  const textCut = text.length > MAX_TEXT_LENGTH;
  if (textCut) text = cutTo(text, MAX_TEXT_LENGTH);
  text = text.replace(/\r\n?/g, "\n");
  if (!text.trim() && rawHtml) text = htmlToText(rawHtml);
  // Trailing blank lines/spaces are transfer noise; leading blank lines too.
  text = text.replace(/^(?:[ \t]*\n)+/, "").replace(/\s+$/, "");
  if (textCut || text.length > MAX_TEXT_LENGTH) text = `${cutTo(text, MAX_TEXT_LENGTH)}\n[…]`;

  const from = mailboxes(mail.from)[0] ?? null;
  return {
    subject: (mail.subject ?? "").trim(),
    from,
    to: mailboxes(mail.to),
    cc: mailboxes(mail.cc),
    replyTo: mailboxes(mail.replyTo),
    date: headerDate(mail),
    messageId: mail.messageId || null,
    inReplyTo: msgIds(mail.inReplyTo)[0] ?? null,
    references: msgIds(mail.references),
    text,
    html,
    hasRemoteContent,
    attachments: attachments.map(({ disposition: _d, ...a }) => a),
    snippet: makeSnippet(text),
    readReceiptTo: readReceiptTo(mail),
  };
}
