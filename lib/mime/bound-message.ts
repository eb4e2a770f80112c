import "server-only";
/**
 * Keeps pathological messages within what mailparser will read. mailparser (its splitter) gives
 * up on a whole message when one MIME entity's header block passes 1 MiB (every line counting
 * for at least 64 bytes) or when the message has more than 1,000 entities, and then nothing at
 * all could be shown, not even the subject. Before parsing, this module therefore
 * - shrinks an oversized header block to the fields the reader uses, each cut to a sane length;
 * - cuts the MIME tree after the first entity that is nested too deep or comes after too many
 *   others, closing the open multiparts properly.
 * Everything before a cut stays byte for byte the same, so the IMAP part numbers of the parts
 * that are kept do not change. Messages within the limits (all real mail) are returned as is.
 */
import { flattenParts, walkMime, type RawPart } from "./mime-tree";

/** Entities kept before the tree is cut (mailparser refuses more than 1,000). */
export const MAX_MIME_PARTS = 500;
/** Nesting kept (real mail rarely goes past 6; the parts route accepts 21 levels). */
export const MAX_MIME_DEPTH = 20;
/** A header block costing more than this (mailparser's way of counting) is shrunk. */
export const MAX_HEADER_COST = 256 * 1024;

// mailsplit's HEADER_LINE_MIN_COST: a header line counts for at least this many bytes.
const LINE_MIN_COST = 64;
/** Per kept field: at most this many bytes and physical lines. */
const FIELD_MAX_BYTES = 8 * 1024;
const FIELD_MAX_LINES = 100;
/** Per field name: at most this many occurrences. */
const FIELD_MAX_COUNT = 2;

// Fields parseMessage reads (addresses, subject, date, threading) and the MIME fields.
const KEEP_FIELDS = new Set([
  "from", "sender", "reply-to", "to", "cc", "bcc", "subject", "date", "message-id", "in-reply-to", "references",
  "mime-version", "content-type", "content-transfer-encoding", "content-disposition", "content-id", "content-description",
  "content-language",
]);
const ADDRESS_FIELDS = new Set(["from", "sender", "reply-to", "to", "cc", "bcc"]);

/** Byte cost of a header block the way mailsplit counts it. */
function headerCost(src: string, from: number, to: number): number {
  let cost = 0;
  let pos = from;
  while (pos < to) {
    let nl = src.indexOf("\n", pos);
    if (nl === -1 || nl >= to) nl = to - 1;
    cost += Math.max(nl + 1 - pos, LINE_MIN_COST);
    pos = nl + 1;
  }
  return cost;
}

/** One raw field cut to FIELD_MAX_BYTES / FIELD_MAX_LINES, at a line or word boundary. */
function cutField(raw: string, name: string): string {
  const eol = /\r?\n$/.exec(raw)?.[0] ?? "\r\n";
  let body = raw.slice(0, raw.length - (/\r?\n$/.test(raw) ? eol.length : 0));
  if (body.length <= FIELD_MAX_BYTES && (body.match(/\n/g)?.length ?? 0) < FIELD_MAX_LINES) return raw;
  // Whole physical lines first (a fold is always at whitespace, so encoded words stay whole).
  const lines = body.split(/(?=\r\n[ \t]|(?<!\r)\n[ \t])/);
  let kept = "";
  for (const line of lines.slice(0, FIELD_MAX_LINES)) {
    if (kept.length + line.length > FIELD_MAX_BYTES) break;
    kept += line;
  }
  if (!kept) {
    // One enormous line: cut at the last space before the limit.
    const head = body.slice(0, FIELD_MAX_BYTES);
    const space = head.lastIndexOf(" ");
    kept = space > name.length + 1 ? head.slice(0, space) : head;
  }
  body = kept;
  if (ADDRESS_FIELDS.has(name)) {
    // End after a complete address rather than inside one.
    const comma = body.lastIndexOf(",");
    if (comma > name.length + 1) body = body.slice(0, comma);
  }
  return body + eol;
}

/** The header block of `part` shrunk to the fields that matter, each cut to size. */
function shrinkHeaders(src: string, part: RawPart): string {
  const counts = new Map<string, number>();
  let out = "";
  for (const h of part.headers) {
    if (!KEEP_FIELDS.has(h.name)) continue;
    const n = (counts.get(h.name) ?? 0) + 1;
    counts.set(h.name, n);
    if (n > FIELD_MAX_COUNT) continue;
    out += cutField(src.slice(h.start, h.end), h.name);
  }
  // The blank line (or whatever ended the block) stays as it was.
  const lastEnd = part.headers.length ? Math.max(...part.headers.map((h) => h.end)) : part.headerStart;
  return out + src.slice(lastEnd, part.bodyStart);
}

interface Cut {
  /** Offset where the kept source ends. */
  at: number;
  /** Boundaries of the multiparts left open at the cut, innermost first. */
  close: string[];
}

/** Where the tree must be cut (first entity past the limits, in source order), or null. */
function findCut(src: string, root: RawPart): Cut | null {
  let index = 0;
  let cut: Cut | null = null;
  const visit = (node: RawPart, ancestors: RawPart[]): void => {
    if (cut) return;
    index++;
    const depth = node.part ? node.part.split(".").length : 0;
    const parent = ancestors[ancestors.length - 1];
    if (parent && (index > MAX_MIME_PARTS || depth > MAX_MIME_DEPTH)) {
      const open = ancestors.filter((a) => a.contentType.startsWith("multipart/") && a.params.boundary);
      let at = node.headerStart;
      const boundary = parent.params.boundary;
      if (parent.contentType.startsWith("multipart/") && boundary) {
        // Drop the delimiter line that opened this entity, and the line break before it.
        const delimiter = src.lastIndexOf(`--${boundary.trimEnd()}`, node.headerStart - 1);
        if (delimiter >= parent.bodyStart) {
          at = delimiter;
          if (at > 0 && src[at - 1] === "\n") at--;
          if (at > 0 && src[at - 1] === "\r") at--;
        }
      }
      cut = { at, close: open.reverse().map((a) => a.params.boundary!.trimEnd()) };
      return;
    }
    for (const child of node.children) visit(child, [...ancestors, node]);
  };
  visit(root, []);
  return cut;
}

/**
 * Returns `source` shrunk to mailparser's limits (see the module comment), or `source` itself
 * when it is within them. Never throws: on any internal error the input comes back unchanged.
 */
export function boundMessage(source: Buffer): Buffer {
  try {
    return bound(source);
  } catch {
    return source;
  }
}

function bound(source: Buffer): Buffer {
  const root = walkMime(source);
  const src = source.toString("latin1");
  const parts = flattenParts(root);
  const cut = findCut(src, root);
  const end = cut ? cut.at : src.length;
  const oversized = parts.filter((p) => p.headerStart < end && headerCost(src, p.headerStart, p.bodyStart) > MAX_HEADER_COST);
  if (!cut && oversized.length === 0) return source;

  const out: string[] = [];
  let pos = 0;
  for (const p of oversized.sort((a, b) => a.headerStart - b.headerStart)) {
    if (p.headerStart < pos) continue;
    out.push(src.slice(pos, p.headerStart), shrinkHeaders(src, p));
    pos = p.bodyStart;
  }
  out.push(src.slice(pos, Math.max(pos, end)));
  if (cut) for (const b of cut.close) out.push(`\r\n--${b}--\r\n`);
  return Buffer.from(out.join(""), "latin1");
}
