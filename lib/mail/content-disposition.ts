/**
 * A Content-Disposition header that keeps non-ASCII file names intact:
 * an ASCII fallback `filename` plus RFC 6266 / RFC 8187 `filename*`.
 */
export function contentDisposition(kind: "inline" | "attachment", filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_") || "attachment";
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Types a browser may show in a page without risk: images that cannot carry script. */
const SAFE_INLINE = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp"]);

export function isSafeInlineType(contentType: string): boolean {
  return SAFE_INLINE.has(contentType.toLowerCase());
}
