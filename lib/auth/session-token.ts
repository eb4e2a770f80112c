import "server-only";
import { decode } from "next-auth/jwt";

/**
 * next-auth's session cookie: "__Secure-" when the app's URL is https. A cookie
 * over 4 KB is split into "<name>.0", "<name>.1", ... (ours holds only a session
 * id, but the reader follows next-auth's format whole).
 */
const COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

interface Cookie {
  name: string;
  value: string;
}

function joinedCookie(cookies: Cookie[], name: string): string | null {
  const whole = cookies.find((c) => c.name === name);
  if (whole) return whole.value;
  const chunks = cookies
    .filter((c) => c.name.startsWith(`${name}.`) && /^\d+$/.test(c.name.slice(name.length + 1)))
    .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)));
  return chunks.length ? chunks.map((c) => c.value).join("") : null;
}

/**
 * Tokens already decrypted: each of the session's requests carries the same
 * cookie, and decrypting it (an HKDF key derivation, then AES-GCM) was a fifth
 * of a list page's time. Only tokens that decrypted are kept (a forged one
 * cannot take a place), each until its own expiry, under the secret that opened
 * it; sign-out still takes effect at once, as the session row is read from the
 * database on every request.
 */
const opened = new Map<string, { sid: string; secret: string; expiresAt: number }>();
const OPENED_MAX = 2000;

function remember(token: string, sid: string, secret: string, exp: unknown): void {
  if (typeof exp !== "number") return;
  if (opened.size >= OPENED_MAX) opened.delete(opened.keys().next().value!);
  opened.set(token, { sid, secret, expiresAt: exp * 1000 });
}

function recalled(token: string, secret: string): string | null {
  const hit = opened.get(token);
  if (!hit) return null;
  if (hit.secret === secret && hit.expiresAt > Date.now()) return hit.sid;
  opened.delete(token);
  return null;
}

/**
 * The app session id carried by the request's next-auth JWT, or null when
 * there is none or it does not decrypt (forged, expired, another secret).
 *
 * Pages read it straight from the cookie rather than through next-auth's
 * getServerSession, which runs the whole session endpoint for every page
 * (decrypt, callbacks, re-encrypt a sliding cookie that a server component
 * cannot set anyway): a third of the shell's time. Sessions here do not slide;
 * the app_sessions row has a fixed expiry.
 */
export async function sessionIdFromCookies(cookies: Cookie[], secret: string): Promise<string | null> {
  for (const name of COOKIE_NAMES) {
    const token = joinedCookie(cookies, name);
    if (!token) continue;
    const known = recalled(token, secret);
    if (known) return known;
    try {
      const payload = await decode({ token, secret });
      if (typeof payload?.sid === "string" && payload.sid) {
        remember(token, payload.sid, secret, payload.exp);
        return payload.sid;
      }
    } catch {
      // Not ours or no longer valid: the other name may still hold a good one.
    }
  }
  return null;
}
