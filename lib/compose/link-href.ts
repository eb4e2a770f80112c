/**
 * What a link typed into the editor may point at: web pages and mail
 * addresses only, so no javascript:, data: or file: link is ever sent in the
 * user's name. Pure: used by the editor's link form and its link extension.
 */

export type LinkHrefResult = { ok: true; href: string } | { ok: false; reason: "empty" | "scheme" | "invalid" };

const ALLOWED = new Set(["http:", "https:", "mailto:"]);
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const EMAIL = /^[^\s@<>()"]+@[^\s@<>()"]+\.[^\s@<>()"]+$/;
const HOSTLIKE = /^[^\s/@:]+\.[^\s/@:]{2,}(?::\d+)?([/?#]\S*)?$/;

/**
 * Normalises what the user typed: "example.com/x" becomes https://…, a bare
 * address becomes mailto:…; anything with another scheme is refused.
 */
export function normalizeLinkHref(input: string): LinkHrefResult {
  const value = input.trim();
  if (!value) return { ok: false, reason: "empty" };
  if (/\s/.test(value)) return { ok: false, reason: "invalid" };
  const scheme = SCHEME.exec(value)?.[1];
  // "localhost:3000" reads like a scheme to the regex; treat host:port as a host.
  if (scheme && !/^[^:]+:\d+(\/|$)/.test(value)) {
    if (!ALLOWED.has(`${scheme.toLowerCase()}:`)) return { ok: false, reason: "scheme" };
    return parsed(value);
  }
  if (EMAIL.test(value)) return parsed(`mailto:${value}`);
  if (HOSTLIKE.test(value) || /^localhost(:\d+)?([/?#]|$)/i.test(value)) return parsed(`https://${value}`);
  return { ok: false, reason: "invalid" };
}

function parsed(candidate: string): LinkHrefResult {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (!ALLOWED.has(url.protocol)) return { ok: false, reason: "scheme" };
  if (url.protocol === "mailto:") {
    let to: string;
    try {
      to = decodeURIComponent(url.pathname);
    } catch {
      return { ok: false, reason: "invalid" };
    }
    return to.split(",").every((a) => EMAIL.test(a.trim())) ? { ok: true, href: candidate } : { ok: false, reason: "invalid" };
  }
  if (!url.hostname) return { ok: false, reason: "invalid" };
  return { ok: true, href: url.href };
}

/** For the editor's link mark: an href already in the document (pasted, loaded) must name an allowed scheme itself. */
export function isAllowedLinkHref(href: string): boolean {
  const value = href.trim();
  return SCHEME.test(value) && !/^[^:]+:\d+(\/|$)/.test(value) && normalizeLinkHref(value).ok;
}
