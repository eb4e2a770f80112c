import "server-only";
/**
 * Charset names and best-effort charset detection for mail whose labels are missing or wrong.
 * Decoding of correctly labelled parts is left to mailparser (libmime + iconv-lite); this module
 * only answers "can that label be decoded?" and "what is this unlabelled byte string?".
 */
import { isAscii as nodeIsAscii } from "node:buffer";
import iconv from "iconv-lite";
import { normalizeCharset as libmimeNormalize } from "libmime/lib/charset";

// iconv-lite has no ISO-2022-JP / EUC-JP stateful codecs; libmime (inside mailparser) decodes
// those with encoding-japanese, so the labels count as decodable.
const JAPANESE = /^(?:x-)?(?:iso-?2022-?jp(?:-\d)?|jis|euc-?jp|cseucpkdfmtjapanese)$/i;

// Codecs that are transfer encodings or injection vectors rather than text charsets: UTF-7
// turns "+ADw-script+AD4-" into "<script>", so libmime refuses it and so do we.
const REFUSED = /^(?:x-)?(?:utf-?7(?:-imap)?|unicode-1-1-utf-7|base64|hex)$/i;

/**
 * Maps a charset label to a name iconv-lite knows, or null when it is unknown or refused.
 * Handles the common non-IANA spellings seen in the wild ("x-euc-kr", "ks_c_5601-1987",
 * "iso-8859-8-i", quoted or padded labels).
 */
export function normalizeCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const name = label.trim().replace(/^["']|["']$/g, "").toLowerCase();
  if (!name || REFUSED.test(name)) return null;
  if (JAPANESE.test(name)) return name.replace(/^x-/, "");
  const candidates = [
    name,
    name.replace(/^x-/, ""),
    name.replace(/^(?:x-)?mac-?/, "mac"),
    // RFC 1556 "-i"/"-e" (implicit/explicit bidi) variants of Hebrew and Arabic
    name.replace(/-[ie]$/, ""),
    name.replace(/_/g, "-"),
  ];
  for (const c of candidates) {
    try {
      if (c && iconv.encodingExists(c) && !REFUSED.test(c)) return c;
    } catch {
      // encodingExists throws on some malformed names
    }
  }
  return null;
}

/** True when mailparser will decode a part with this label correctly. */
export function isDecodableCharset(label: string | null | undefined): boolean {
  return normalizeCharset(label) !== null;
}

/**
 * True when libmime (mailparser's decoder) itself resolves this label to a codec. It normalises
 * labels its own way, so a few spellings that {@link normalizeCharset} accepts ("x-windows-949")
 * would silently fall back to UTF-8 there; such labels must be rewritten before parsing.
 */
export function libmimeDecodes(label: string): boolean {
  let name: string;
  try {
    name = libmimeNormalize(label.trim().replace(/^["']|["']$/g, ""));
  } catch {
    return false;
  }
  if (/^(?:(?:us-)?ascii|utf-8|7bit)$/i.test(name) || /^jis|^iso-?2022-?jp|^EUCJP/i.test(name)) return true;
  try {
    return iconv.encodingExists(name) && !REFUSED.test(name);
  } catch {
    return false;
  }
}

/** Labels for Western European single-byte text: where UTF-8 and EUC-KR bytes get mislabelled. */
export function isLatinLabel(label: string | null | undefined): boolean {
  const name = (label ?? "").trim().replace(/^["']|["']$/g, "").toLowerCase().replace(/[-_ ]/g, "");
  return /^(?:iso8859(?:1|15)|latin(?:1|9)|l1|(?:windows|cp|x?cp)1252|ibm819|cp819)$/.test(name);
}

/** True when the bytes contain at least one multi-byte UTF-8 sequence and nothing invalid. */
export function isMultibyteUtf8(bytes: Uint8Array): boolean {
  return !isAscii(bytes) && isValidUtf8(bytes);
}

/**
 * True when the bytes are, beyond reasonable doubt, Korean in EUC-KR/CP949: they decode
 * strictly, hold at least 4 Hangul syllables, and 90% of the non-ASCII characters are Hangul.
 * Western single-byte text never pairs up into Hangul syllables like that.
 */
export function looksLikeKorean(bytes: Uint8Array): boolean {
  const text = decodeStrict(bytes, "cp949");
  if (text === null) return false;
  const nonAscii = Array.from(text).filter((ch) => ch.charCodeAt(0) >= 0x80);
  const hangul = nonAscii.filter((ch) => /[\uac00-\ud7a3]/.test(ch)).length;
  return hangul >= 4 && hangul / nonAscii.length >= 0.9;
}

/**
 * Decodes ISO-2022-KR (RFC 1557), which neither iconv-lite nor libmime knows: after the
 * `ESC $ ) C` announcement, SO switches to KS X 1001 (EUC-KR bytes with the high bit cleared)
 * and SI back to ASCII; every line starts in ASCII.
 */
export function decodeIso2022Kr(bytes: Uint8Array): string {
  const out: number[] = [];
  let shifted = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x1b && bytes[i + 1] === 0x24 && bytes[i + 2] === 0x29 && bytes[i + 3] === 0x43) {
      i += 3;
    } else if (b === 0x0e) {
      shifted = true;
    } else if (b === 0x0f) {
      shifted = false;
    } else if (b === 0x0a || b === 0x0d) {
      shifted = false;
      out.push(b);
    } else {
      out.push(shifted && b >= 0x21 && b <= 0x7e ? b | 0x80 : b);
    }
  }
  return iconv.decode(Buffer.from(out), "cp949");
}

/** `bytes` without a multi-byte UTF-8 sequence cut off at its end (a head fetched with a byte limit). */
function withoutCutUtf8Tail(bytes: Uint8Array): Uint8Array {
  let i = bytes.length - 1;
  let back = 0;
  while (i >= 0 && back < 3 && (bytes[i]! & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0 || bytes[i]! < 0xc0) return bytes;
  const need = bytes[i]! >= 0xf0 ? 3 : bytes[i]! >= 0xe0 ? 2 : 1;
  return need > back ? bytes.subarray(0, i) : bytes;
}

/**
 * The charset to decode a text part's bytes with, given its label: the label when it reads them,
 * else what the bytes are. Same rules as repair-charsets.ts applies to whole messages (Latin-1
 * labels on UTF-8 or EUC-KR bytes, labels libmime spells differently, missing or US-ASCII labels
 * on 8-bit text), for callers that decode one part themselves (list snippets). ISO-2022-KR has
 * no codec: check {@link isIso2022Kr} first and use {@link decodeIso2022Kr}.
 * @returns a label libmime's decode() reads
 */
export function effectiveCharset(label: string | null | undefined, bytes: Uint8Array): string {
  const known = normalizeCharset(label);
  const ascii = !label || /^(?:us-?)?ascii$/i.test(label.trim());
  if (!known || ascii) return detectCharset(withoutCutUtf8Tail(bytes));
  if (isLatinLabel(label) && !isAscii(bytes)) {
    const whole = withoutCutUtf8Tail(bytes);
    if (isMultibyteUtf8(whole)) return "utf-8";
    // A head cut after a lead byte still counts.
    if (looksLikeKorean(bytes) || looksLikeKorean(bytes.subarray(0, bytes.length - 1))) return "cp949";
  }
  return libmimeDecodes(label!) ? label! : known;
}

/** True for the ISO-2022-KR label and its aliases. */
export function isIso2022Kr(label: string | null | undefined): boolean {
  return /^(?:x-)?(?:iso-?2022-?kr|csiso2022kr)$/i.test((label ?? "").trim().replace(/^["']|["']$/g, ""));
}

/** True when every byte is 7-bit. */
export function isAscii(bytes: Uint8Array): boolean {
  // node:buffer's native check: a byte-by-byte loop over a 10 MB body takes over half a second.
  return nodeIsAscii(bytes);
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** True when the bytes are well-formed UTF-8 (RFC 3629). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Decodes with iconv-lite; returns null when the label is unknown or a byte was not decodable. */
function decodeStrict(bytes: Uint8Array, charset: string): string | null {
  const name = normalizeCharset(charset);
  if (!name || JAPANESE.test(name)) return null;
  try {
    const text = iconv.decode(Buffer.from(bytes), name);
    return text.includes("\ufffd") ? null : text;
  } catch {
    return null;
  }
}

// ESC $ @ / ESC $ B / ESC ( J: the designations ISO-2022-JP uses (RFC 1468 section 2).
const ISO2022JP_ESCAPE = /\x1b\$[@B]|\x1b\(J/;

/**
 * Guesses the charset of text bytes that carry no (or a wrong) label. Order matters:
 * 1. 7-bit with ISO-2022-JP escapes -> "iso-2022-jp"; other 7-bit -> "us-ascii".
 * 2. Well-formed UTF-8 -> "utf-8" (random legacy bytes are almost never valid UTF-8).
 * 3. A charset the same message declares elsewhere (`hints`), if it decodes every byte.
 * 4. CP949 (EUC-KR superset) when it decodes every byte and most non-ASCII characters are Hangul:
 *    unlabelled Korean legacy mail is the common case for this app's users.
 * 5. windows-1252 (what browsers use for "latin1" too, WHATWG Encoding) decodes anything.
 *
 * @returns a label that {@link normalizeCharset} accepts
 */
export function detectCharset(bytes: Uint8Array, hints: string[] = []): string {
  if (isAscii(bytes)) {
    return ISO2022JP_ESCAPE.test(Buffer.from(bytes).toString("latin1")) ? "iso-2022-jp" : "us-ascii";
  }
  if (isValidUtf8(bytes)) return "utf-8";
  for (const hint of hints) {
    const name = normalizeCharset(hint);
    if (!name || /^(?:utf-?8|us-?ascii|ascii)$/i.test(name)) continue;
    if (decodeStrict(bytes, name) !== null) return name;
  }
  const korean = decodeStrict(bytes, "cp949");
  if (korean !== null) {
    const nonAscii = Array.from(korean).filter((ch) => ch.charCodeAt(0) >= 0x80);
    const hangul = nonAscii.filter((ch) => /[\uac00-\ud7a3\u3131-\u318e]/.test(ch));
    if (nonAscii.length > 0 && hangul.length / nonAscii.length >= 0.6) return "cp949";
  }
  return "windows-1252";
}
