import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { appSecret } from "./app-secret";

/**
 * Short-lived signatures for URLs that a sandboxed message frame loads (inline
 * cid: images). That frame has an opaque origin, so the browser sends it no
 * session cookie; the signature proves the URL was issued to a signed-in user.
 */
const sign = (path: string, expires: number) =>
  createHmac("sha256", appSecret()).update(`${path}\n${expires}`).digest("base64url");

/** Appends `exp` and `sig` query parameters valid for `ttlSeconds`. */
export function signPath(path: string, ttlSeconds = 3600, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + ttlSeconds;
  return `${path}${path.includes("?") ? "&" : "?"}exp=${expires}&sig=${sign(path, expires)}`;
}

/** True when `sig` was made by signPath for this path and has not expired. */
export function verifyPathSignature(path: string, exp: string | null, sig: string | null, now = Date.now()): boolean {
  if (!exp || !sig || !/^\d{1,12}$/.test(exp)) return false;
  const expires = Number(exp);
  if (expires * 1000 < now) return false;
  const expected = Buffer.from(sign(path, expires));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
