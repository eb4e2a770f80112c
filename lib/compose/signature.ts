/** The conventional signature separator line "-- " (RFC 3676 4.3), as the editor writes it. */
const SEPARATOR = "<p>-- </p>";

/**
 * Where the signature goes in a new message or a reply: below the space the
 * user writes in and above any quoted original (as Gmail does), after the
 * conventional "-- " separator line (RFC 3676 4.3).
 */
export function withSignature(bodyHtml: string, signatureHtml: string): string {
  const rest = bodyHtml.replace(/^<p><\/p>/, "");
  if (!signatureHtml.trim()) return `<p></p>${rest}`;
  return `<p></p>${SEPARATOR}${signatureHtml}${rest}`;
}


/**
 * The body with one identity's signature replaced by another's, or null when
 * the old signature is not there as inserted (the user edited or removed it:
 * then the body is theirs and is left alone).
 */
export function swapSignature(bodyHtml: string, oldSignatureHtml: string, newSignatureHtml: string): string | null {
  if (oldSignatureHtml === newSignatureHtml) return null;
  const next = newSignatureHtml.trim() ? `${SEPARATOR}${newSignatureHtml}` : "";
  if (!oldSignatureHtml.trim()) {
    // No signature yet: after what the user wrote, above a quoted original.
    if (!next || bodyHtml.includes(SEPARATOR)) return null;
    const quote = bodyHtml.indexOf("<blockquote");
    return quote < 0 ? bodyHtml + next : bodyHtml.slice(0, quote) + next + bodyHtml.slice(quote);
  }
  const old = `${SEPARATOR}${oldSignatureHtml}`;
  const at = bodyHtml.indexOf(old);
  if (at < 0) return null;
  return bodyHtml.slice(0, at) + next + bodyHtml.slice(at + old.length);
}
