import "server-only";
/**
 * A light, byte-offset-preserving walk over a raw message's MIME structure (RFC 2045/2046).
 * mailparser does the real decoding; this walk exists so that header bytes can be repaired
 * (missing or wrong charsets, raw 8-bit headers) BEFORE mailparser sees them, and so tests can
 * check part numbering independently. It never throws and never copies bodies.
 */

/** One header field with the byte range of its (possibly folded) raw lines. */
export interface RawHeader {
  /** lowercase field name */
  name: string;
  /** unfolded value, bytes as latin1 characters (undecoded) */
  value: string;
  /** byte offset of the first character of the field name */
  start: number;
  /** byte offset just past the field's last line break */
  end: number;
}

/** One MIME entity of the raw source. */
export interface RawPart {
  /** IMAP part number (RFC 3501 section 6.4.5), "" for the top-level message header. */
  part: string;
  headers: RawHeader[];
  /** byte offset where the header block starts */
  headerStart: number;
  /** byte offset just past the blank line ending the header block (= body start) */
  bodyStart: number;
  /** byte offset where the body ends (exclusive) */
  bodyEnd: number;
  /** lowercased type/subtype, with RFC 2045 section 5.2 defaults applied */
  contentType: string;
  /** Content-Type parameters, lowercase keys, raw values (quotes removed) */
  params: Record<string, string>;
  /** true when the part had no Content-Type field at all */
  implicitType: boolean;
  children: RawPart[];
}

const MAX_DEPTH = 50;
const MAX_PARTS = 1000;

/** Parses `type/subtype; a=b; c="d"` loosely; never throws. */
export function parseContentType(value: string): { type: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const semi = value.indexOf(";");
  const type = (semi === -1 ? value : value.slice(0, semi)).trim().toLowerCase();
  const rest = semi === -1 ? "" : value.slice(semi + 1);
  const re = /\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)\s*;?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(rest))) {
    let v = (m[2] ?? "").trim();
    if (v.startsWith('"')) v = v.slice(1, v.endsWith('"') && v.length > 1 ? -1 : undefined).replace(/\\(.)/g, "$1");
    const key = (m[1] ?? "").toLowerCase();
    if (!(key in params)) params[key] = v;
    if (m[0] === "") re.lastIndex++;
  }
  return { type: /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type) ? type : "", params };
}

/** Splits the header block starting at `from`; returns fields and the body start offset. */
function readHeaders(src: string, from: number, to: number): { headers: RawHeader[]; bodyStart: number } {
  const headers: RawHeader[] = [];
  let pos = from;
  let current: RawHeader | null = null;
  while (pos < to) {
    let nl = src.indexOf("\n", pos);
    if (nl === -1 || nl >= to) nl = to - 1;
    const lineEnd = nl + 1;
    const line = src.slice(pos, lineEnd).replace(/\r?\n$/, "");
    if (line === "" || line === "\r") {
      return { headers, bodyStart: lineEnd };
    }
    if (/^[ \t]/.test(line) && current) {
      // RFC 5322 section 2.2.3: a line starting with WSP continues the previous field.
      current.value += line;
      current.end = lineEnd;
    } else {
      const colon = line.indexOf(":");
      if (colon > 0 && /^[\x21-\x39\x3b-\x7e]+$/.test(line.slice(0, colon).trimEnd())) {
        current = {
          name: line.slice(0, colon).trim().toLowerCase(),
          value: line.slice(colon + 1),
          start: pos,
          end: lineEnd,
        };
        headers.push(current);
      } else if (headers.length === 0 && from === 0) {
        // Not a header at all (e.g. an mbox "From " line); skip it.
        current = null;
      } else {
        // Garbage inside the header block: treat it as the start of the body, as mailsplit does.
        return { headers, bodyStart: pos };
      }
    }
    pos = lineEnd;
  }
  return { headers, bodyStart: to };
}

/** Finds delimiter lines of `boundary` in [from, to); returns offsets per RFC 2046 section 5.1.1. */
function splitMultipart(src: string, from: number, to: number, boundary: string): { start: number; end: number }[] {
  const parts: { start: number; end: number }[] = [];
  const dash = "--" + boundary;
  let partStart = -1;
  let pos = from;
  while (pos < to) {
    let nl = src.indexOf("\n", pos);
    if (nl === -1 || nl >= to) nl = to - 1;
    const lineEnd = nl + 1;
    if (src.startsWith(dash, pos)) {
      const tail = src.slice(pos + dash.length, lineEnd).replace(/[ \t\r\n]+$/, "");
      if (tail === "" || tail === "--") {
        // The line break before the delimiter belongs to the delimiter, not to the part.
        let end = pos;
        if (end > from && src[end - 1] === "\n") end--;
        if (end > from && src[end - 1] === "\r") end--;
        if (partStart !== -1) parts.push({ start: partStart, end: Math.max(partStart, end) });
        if (tail === "--") return parts;
        partStart = lineEnd;
      }
    }
    pos = lineEnd;
  }
  // No close delimiter: the last part runs to the end (how mailsplit and Dovecot read it too).
  if (partStart !== -1) parts.push({ start: partStart, end: to });
  return parts;
}

/**
 * Walks the MIME tree of a raw message. Part numbers follow IMAP: children of a multipart are
 * numbered 1..n under the parent's number; a message/rfc822 part's own body is walked as a nested
 * message whose children get "<part>.<n>"; a non-multipart top level body is part "1".
 */
export function walkMime(source: Buffer | Uint8Array): RawPart {
  const src = Buffer.from(source.buffer, source.byteOffset, source.byteLength).toString("latin1");
  let count = 0;

  const build = (from: number, to: number, part: string, depth: number, parentType: string): RawPart => {
    count++;
    const { headers, bodyStart } = readHeaders(src, from, to);
    const ct = [...headers].find((h) => h.name === "content-type");
    const parsed = ct ? parseContentType(ct.value) : { type: "", params: {} };
    // RFC 2046 section 5.1.5: the default type inside multipart/digest is message/rfc822.
    const implicitType = !ct || !parsed.type;
    const contentType = parsed.type || (parentType === "multipart/digest" ? "message/rfc822" : "text/plain");
    const node: RawPart = {
      part,
      headers,
      headerStart: from,
      bodyStart,
      bodyEnd: to,
      contentType,
      params: parsed.params,
      implicitType,
      children: [],
    };
    if (depth >= MAX_DEPTH || count >= MAX_PARTS) return node;
    const cte = (headers.find((h) => h.name === "content-transfer-encoding")?.value ?? "").trim().toLowerCase();
    const encoded = cte === "base64" || cte === "quoted-printable";
    if (contentType.startsWith("multipart/") && parsed.params.boundary && !encoded) {
      const ranges = splitMultipart(src, bodyStart, to, parsed.params.boundary.trimEnd());
      ranges.forEach((r, i) => {
        if (count < MAX_PARTS) node.children.push(build(r.start, r.end, part ? `${part}.${i + 1}` : `${i + 1}`, depth + 1, contentType));
      });
    } else if (contentType === "message/rfc822" && !encoded && part) {
      node.children.push(buildMessage(bodyStart, to, part, depth + 1));
    }
    return node;
  };

  // An (encapsulated) message: its header block is the entity; when its body is not multipart,
  // IMAP calls that body "<prefix>.1" (RFC 3501 section 6.4.5, "TEXT/PLAIN 4.2.1"-style numbering).
  const buildMessage = (from: number, to: number, prefix: string, depth: number): RawPart => {
    const node = build(from, to, prefix, depth, "");
    if (!node.contentType.startsWith("multipart/") || node.children.length === 0) {
      node.part = prefix ? `${prefix}.1` : "1";
    }
    return node;
  };

  try {
    return buildMessage(0, src.length, "", 0);
  } catch {
    return {
      part: "1",
      headers: [],
      headerStart: 0,
      bodyStart: 0,
      bodyEnd: src.length,
      contentType: "text/plain",
      params: {},
      implicitType: true,
      children: [],
    };
  }
}

/** Depth-first list of a tree's entities, parents before children. */
export function flattenParts(root: RawPart): RawPart[] {
  const out: RawPart[] = [];
  const visit = (p: RawPart) => {
    out.push(p);
    p.children.forEach(visit);
  };
  visit(root);
  return out;
}
