import "server-only";
/**
 * Fixes charset labelling in a raw message before mailparser reads it:
 * - text parts with no charset, an unknown charset, or a UTF-8/ASCII label on bytes that are not
 *   UTF-8 get `charset=<detected>` in their Content-Type (RFC 2046 section 4.1.2 makes US-ASCII
 *   the default, but real senders put 8-bit legacy text there);
 * - text parts labelled Latin-1/windows-1252 whose bytes are really UTF-8 (web forms, scripts) or
 *   really EUC-KR (old Korean mailers) are relabelled, as are labels that we and iconv-lite know
 *   but libmime spells differently ("x-windows-949");
 * - header fields holding raw 8-bit bytes that are not UTF-8 (pre-RFC 2047 habits, still common
 *   in Korean and Japanese legacy mail) are transcoded to UTF-8, which mailparser reads as
 *   RFC 6532 headers;
 * - RFC 2047 encoded words with the same defects (a Latin-1 label on UTF-8 bytes, an ISO-2022-KR
 *   or libmime-unknown label) are re-encoded as UTF-8 words.
 * ISO-2022-KR text bodies, which no decoder in the stack reads, are transcoded to UTF-8: the only
 * case where body bytes change. The MIME structure and IMAP part numbers stay the same. Messages
 * that need nothing (almost all of them) are returned untouched.
 */
import iconv from "iconv-lite";
import {
  decodeIso2022Kr,
  detectCharset,
  isAscii,
  isIso2022Kr,
  isLatinLabel,
  isMultibyteUtf8,
  isValidUtf8,
  libmimeDecodes,
  looksLikeKorean,
  normalizeCharset,
} from "./charset";
import { flattenParts, walkMime, type RawPart } from "./mime-tree";

const UTF8_OR_ASCII = /^(?:utf-?8|(?:us-?)?ascii|ansi_x3\.4-1968|7bit)$/i;

/** Decodes a Content-Transfer-Encoding (RFC 2045 section 6) leniently. */
export function decodeTransferEncoding(body: Buffer, cte: string): Buffer {
  const enc = cte.trim().toLowerCase();
  if (enc === "base64") {
    return Buffer.from(body.toString("latin1").replace(/[^A-Za-z0-9+/]/g, ""), "base64");
  }
  if (enc === "quoted-printable") {
    const text = body.toString("latin1").replace(/=\r?\n/g, "");
    const out: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x3d && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
        out.push(parseInt(text.slice(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.push(c & 0xff);
      }
    }
    return Buffer.from(out);
  }
  return body;
}

/** Charsets declared anywhere in the message, most useful first: a sender usually writes one. */
function collectHints(parts: RawPart[]): string[] {
  const hints: string[] = [];
  const push = (label: string | undefined) => {
    const name = normalizeCharset(label);
    if (name && !UTF8_OR_ASCII.test(name) && !hints.includes(name)) hints.push(name);
  };
  for (const p of parts) {
    push(p.params.charset);
    for (const h of p.headers) {
      // RFC 2047 encoded words name their charset: =?charset?B?...?=
      for (const m of h.value.matchAll(/=\?([^?*\s]+)(?:\*[^?]*)?\?[BbQq]\?/g)) push(m[1]);
    }
  }
  return hints;
}

// <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">
const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i;

/**
 * Returns a copy of `source` with charset labels repaired, or `source` itself when nothing needed
 * changing or anything went wrong (repair is best effort and must never make things worse).
 */
export function repairCharsets(source: Buffer): Buffer {
  try {
    return repair(source);
  } catch {
    return source;
  }
}

function repair(source: Buffer): Buffer {
  const root = walkMime(source);
  const parts = flattenParts(root);
  const hints = collectHints(parts);
  // field start offset -> new field bytes
  const fieldEdits = new Map<number, { end: number; text: string; raw: boolean }>();
  const inserts: { at: number; text: string }[] = [];

  // 1. Raw 8-bit header fields that are not UTF-8 -> UTF-8 (held as a JS string here).
  for (const p of parts) {
    for (const h of p.headers) {
      const bytes = source.subarray(h.start, h.end);
      if (isAscii(bytes) || isValidUtf8(bytes)) continue;
      const cs = detectCharset(bytes, hints);
      fieldEdits.set(h.start, { end: h.end, text: iconv.decode(bytes, normalizeCharset(cs) ?? "windows-1252"), raw: false });
    }
  }

  // 1b. RFC 2047 encoded words whose label libmime would decode wrongly (ASCII fields only; the
  // fields transcoded above are left alone).
  for (const p of parts) {
    for (const h of p.headers) {
      if (fieldEdits.has(h.start) || !h.value.includes("=?")) continue;
      const raw = source.subarray(h.start, h.end).toString("latin1");
      const fixed = fixEncodedWords(raw);
      if (fixed !== null) fieldEdits.set(h.start, { end: h.end, text: fixed, raw: true });
    }
  }

  // 2. Text bodies whose label will not decode them.
  const bodyEdits: { start: number; end: number; bytes: Buffer }[] = [];
  const setCharset = (p: RawPart, cs: string) => {
    const ct = p.headers.find((h) => h.name === "content-type");
    if (ct) {
      const current = fieldEdits.get(ct.start)?.text ?? source.subarray(ct.start, ct.end).toString("latin1");
      fieldEdits.set(ct.start, { end: ct.end, text: setCharsetParam(current, cs), raw: fieldEdits.get(ct.start)?.raw ?? true });
    } else {
      inserts.push({ at: p.headerStart, text: `Content-Type: ${p.contentType}; charset="${cs}"\r\n` });
    }
  };
  for (const p of parts) {
    if (!p.contentType.startsWith("text/") || p.children.length > 0) continue;
    const declared = p.params.charset;
    const known = normalizeCharset(declared);
    const cteHeader = p.headers.find((h) => h.name === "content-transfer-encoding");
    const cte = cteHeader?.value ?? "";
    const body = decodeTransferEncoding(source.subarray(p.bodyStart, p.bodyEnd), cte);
    if (isIso2022Kr(declared)) {
      // No decoder downstream knows ISO-2022-KR: hand mailparser the text as 8-bit UTF-8.
      bodyEdits.push({ start: p.bodyStart, end: p.bodyEnd, bytes: Buffer.from(decodeIso2022Kr(body), "utf8") });
      if (cteHeader) fieldEdits.set(cteHeader.start, { end: cteHeader.end, text: "Content-Transfer-Encoding: 8bit\r\n", raw: true });
      setCharset(p, "utf-8");
      continue;
    }
    if (isAscii(body)) continue; // any ASCII-compatible label (or none) reads it right
    if (known && !UTF8_OR_ASCII.test(known)) {
      // A real legacy label: trust it, unless it is a Latin-1 label on UTF-8 or EUC-KR bytes
      // (those never make sense as Latin-1: "Ã©", "ÇÑ±Û"), or a spelling libmime does not know.
      if (isLatinLabel(declared) && isMultibyteUtf8(body)) setCharset(p, "utf-8");
      else if (isLatinLabel(declared) && looksLikeKorean(body)) setCharset(p, "cp949");
      else if (declared && !libmimeDecodes(declared)) setCharset(p, known);
      continue;
    }
    if (isValidUtf8(body)) {
      // Missing/ASCII/UTF-8 labels are read as UTF-8 already; an unknown label falls back to
      // UTF-8 in libmime as well. Nothing to do.
      continue;
    }
    const partHints = [...hints];
    if (p.contentType === "text/html") {
      const meta = META_CHARSET.exec(body.subarray(0, 4096).toString("latin1"));
      if (meta?.[1]) partHints.unshift(meta[1]);
    }
    setCharset(p, detectCharset(body, partHints));
  }

  if (fieldEdits.size === 0 && inserts.length === 0 && bodyEdits.length === 0) return source;

  type Edit = { start: number; end: number; bytes: Buffer };
  const edits: Edit[] = [];
  for (const [start, e] of fieldEdits) {
    // raw: still undecoded bytes held as latin1; otherwise a decoded string to write as UTF-8.
    edits.push({ start, end: e.end, bytes: Buffer.from(e.text, e.raw ? "latin1" : "utf8") });
  }
  for (const ins of inserts) edits.push({ start: ins.at, end: ins.at, bytes: Buffer.from(ins.text, "latin1") });
  edits.push(...bodyEdits);
  edits.sort((a, b) => a.start - b.start || a.end - b.end);

  const out: Buffer[] = [];
  let pos = 0;
  for (const e of edits) {
    if (e.start < pos) continue; // overlapping edits cannot happen; be safe anyway
    out.push(source.subarray(pos, e.start), e.bytes);
    pos = e.end;
  }
  out.push(source.subarray(pos));
  return Buffer.concat(out);
}

const ENCODED_WORD = /=\?([^?*\s]+)(?:\*[^?]*)?\?([BbQq])\?([^?\s]*)\?=/g;

/** The bytes an encoded word's payload stands for (RFC 2047 section 4). */
function wordBytes(encoding: string, payload: string): Buffer {
  if (encoding.toUpperCase() === "B") return Buffer.from(payload.replace(/[^A-Za-z0-9+/]/g, ""), "base64");
  return decodeTransferEncoding(Buffer.from(payload.replace(/_/g, " "), "latin1"), "quoted-printable");
}

/** The real text of a run of encoded words with one label, when libmime would get it wrong. */
function reinterpret(label: string, bytes: Buffer): string | null {
  if (isIso2022Kr(label)) return decodeIso2022Kr(bytes);
  if (isLatinLabel(label)) {
    if (isMultibyteUtf8(bytes)) return bytes.toString("utf8");
    return null;
  }
  const known = normalizeCharset(label);
  if (known && !libmimeDecodes(label) && !/^(?:iso-?2022-?jp|euc-?jp|jis)/i.test(known)) {
    try {
      return iconv.decode(bytes, known);
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Re-encodes, as UTF-8 B words, the runs of adjacent encoded words (same label, only whitespace
 * between them, so a character split across words is joined first) that libmime would decode
 * wrongly. Returns the new raw field, or null when nothing needed changing.
 */
function fixEncodedWords(field: string): string | null {
  const words = [...field.matchAll(ENCODED_WORD)];
  if (words.length === 0) return null;
  let out = "";
  let pos = 0;
  let changed = false;
  for (let i = 0; i < words.length; ) {
    const first = words[i]!;
    const label = first[1]!.toLowerCase();
    let j = i + 1;
    while (j < words.length) {
      const prev = words[j - 1]!;
      const gap = field.slice(prev.index! + prev[0].length, words[j]!.index!);
      if (!/^[ \t\r\n]*$/.test(gap) || words[j]![1]!.toLowerCase() !== label) break;
      j++;
    }
    const run = words.slice(i, j);
    const bytes = Buffer.concat(run.map((w) => wordBytes(w[2]!, w[3]!)));
    const text = reinterpret(label, bytes);
    if (text !== null) {
      const last = run[run.length - 1]!;
      out += field.slice(pos, first.index!) + `=?UTF-8?B?${Buffer.from(text, "utf8").toString("base64")}?=`;
      pos = last.index! + last[0].length;
      changed = true;
    }
    i = j;
  }
  return changed ? out + field.slice(pos) : null;
}

/** Sets or replaces the charset parameter of a raw Content-Type field (folding kept). */
function setCharsetParam(field: string, charset: string): string {
  const re = /(;\s*charset\s*=\s*)("[^"]*"|[^;\s]*)/i;
  if (re.test(field)) return field.replace(re, `$1"${charset}"`);
  const m = /(\r?\n)$/.exec(field);
  const eol = m?.[1] ?? "";
  return field.slice(0, field.length - eol.length).replace(/\s*;?\s*$/, "") + `; charset="${charset}"` + eol;
}

