import "server-only";
import { decode as decodeCharset } from "libmime/lib/charset";
import { decodeIso2022Kr, effectiveCharset, isIso2022Kr } from "./charset";
import { htmlToText } from "./html-to-text";
import { makeSnippet } from "./snippet";

/**
 * Turns the first bytes of one MIME part (as FETCH BODY[part]<0.n> returns
 * them, still transfer-encoded) into a snippet. The cut may fall inside a
 * base64 quantum, a quoted-printable escape or a multibyte character, so
 * each of those is trimmed back to the last whole unit before decoding.
 */
export function snippetFromPartHead(
  head: Buffer,
  part: { encoding: string; charset: string; html: boolean },
  maxChars = 200,
): string {
  let bytes: Buffer;
  if (part.encoding === "base64") {
    const clean = head.toString("latin1").replace(/[^A-Za-z0-9+/=]/g, "");
    bytes = Buffer.from(clean.slice(0, clean.length - (clean.length % 4)), "base64");
  } else if (part.encoding === "quoted-printable") {
    // Drop a trailing, cut-off "=X" escape, then decode RFC 2045 6.7 soft breaks and escapes.
    const text = head.toString("latin1").replace(/=[0-9A-Fa-f]?$/, "");
    bytes = Buffer.from(
      text.replace(/=\r?\n/g, "").replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      "latin1",
    );
  } else {
    bytes = head;
  }
  // Labels lie (8-bit text called us-ascii or Latin-1, unknown names): then the bytes decide.
  const charset = effectiveCharset(part.charset, bytes);
  // A cut multibyte character decodes to U+FFFD at the very end; drop it.
  let text = (isIso2022Kr(part.charset) ? decodeIso2022Kr(bytes) : decodeCharset(bytes, charset)).replace(/\uFFFD+$/, "");
  if (part.html) text = htmlToText(text);
  return makeSnippet(text, maxChars);
}
