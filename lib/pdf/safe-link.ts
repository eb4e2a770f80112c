/**
 * The only links a previewed PDF may carry: web and mail addresses, opened in
 * a new tab without a handle back to us. A PDF's JavaScript, launch, file and
 * data: actions are never followed.
 */
const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

export function safePdfLinkHref(url: unknown): string | null {
  if (typeof url !== "string" || url.length > 2048) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  return SAFE_PROTOCOLS.has(parsed.protocol) ? parsed.href : null;
}
