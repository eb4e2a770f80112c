/**
 * Recipient field helpers for the compose form. Not server-only: nodemailer's addressparser is
 * plain string code, so the same rules run in the browser while the user types and on the
 * server when the message is sent.
 */
import addressparser from "nodemailer/lib/addressparser";
import type { MailAddress } from "./types";

export type { MailAddress } from "./types";

/** Result of {@link parseAddressList}. */
export interface AddressListResult {
  /** Valid mailboxes in input order, groups flattened, duplicates (same address) dropped. */
  addresses: MailAddress[];
  /** The pieces that are not a usable address, as the user typed them (roughly). */
  invalid: string[];
}

// RFC 5322 section 3.2.3 atext, plus any non-ASCII character (RFC 6531 section 3.3 extends
// atext with UTF8-non-ascii for internationalised local parts).
const LOCAL_ATOM = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\u{10ffff}]+$/u;
// A DNS label (RFC 1035 section 2.3.1, letters/digits/hyphen) or a U-label of an IDN
// (RFC 5890): letters, marks and digits of any script.
const DOMAIN_LABEL = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]{0,61}[\p{L}\p{M}\p{N}])?$/u;
const CONTROL_OR_SPACE = /[\s\u0000-\u001f\u007f]/u;

/**
 * Practical RFC 5322 addr-spec check for addresses a user can send to: dot-atom local part
 * (UTF-8 allowed, RFC 6531), exactly one "@", and a dotted domain name whose labels may be
 * Unicode (IDN, e.g. "사랑.kr"). Quoted local parts, IP literals and single-label domains
 * ("root@localhost") are rejected: no public mail server accepts them from a webmail user.
 */
export function isValidEmailAddress(address: string): boolean {
  if (typeof address !== "string" || address.length === 0 || CONTROL_OR_SPACE.test(address)) return false;
  const at = address.indexOf("@");
  if (at <= 0 || at !== address.lastIndexOf("@")) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  // RFC 5321 section 4.5.3.1.1: local part at most 64 octets.
  if (new TextEncoder().encode(local).length > 64) return false;
  if (!local.split(".").every((atom) => LOCAL_ATOM.test(atom))) return false;
  // RFC 1035: 253 characters for the presentation form of a name.
  if (domain.length === 0 || domain.length > 253) return false;
  const labels = domain.split(".");
  if (labels.length < 2) return false;
  if (!labels.every((label) => DOMAIN_LABEL.test(label))) return false;
  // An all-numeric last label is an IPv4 address, which RFC 5321 wants as "[1.2.3.4]".
  return !/^\d+$/.test(labels[labels.length - 1] ?? "");
}

/**
 * Parses a recipient field as a user types it ("Kim <kim@x.kr>, bob@y.com"): commas and
 * semicolons separate entries, display names may be quoted, groups ("Team: a@x.kr, b@x.kr;")
 * are flattened into their members, and bare addresses separated only by spaces are split.
 */
export function parseAddressList(input: string): AddressListResult {
  const addresses: MailAddress[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();

  const add = (name: string, address: string) => {
    const key = address.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    addresses.push({ name, address });
  };

  let parsed: ReturnType<typeof addressparser>;
  try {
    parsed = addressparser(input ?? "", { flatten: true });
  } catch {
    // addressparser does not throw on odd input today; if it ever does, report it as one error.
    return { addresses, invalid: input?.trim() ? [input.trim()] : [] };
  }

  for (const entry of parsed) {
    const name = (entry.name ?? "").trim();
    const address = (entry.address ?? "").trim();
    if (!name && !address) continue; // "<>", stray separators
    if (address && isValidEmailAddress(address)) {
      // "a@x.kr b@y.kr" comes back as one mailbox named "a@x.kr"; a name made only of
      // addresses is really a space-separated list.
      const words = name.split(/\s+/).filter(Boolean);
      if (words.length > 0 && words.every(isValidEmailAddress)) {
        // addressparser keeps the first address-looking word as the address.
        add("", address);
        words.forEach((w) => add("", w));
      } else {
        add(name, address);
      }
      continue;
    }
    if (!address) {
      // A lone word without "@" ends up as a name; it may still be several bare addresses.
      const words = name.split(/\s+/).filter(Boolean);
      if (words.length > 0 && words.every(isValidEmailAddress)) {
        words.forEach((w) => add("", w));
      } else {
        invalid.push(name);
      }
      continue;
    }
    invalid.push(name ? `${name} <${address}>` : address);
  }
  return { addresses, invalid };
}

// RFC 5322 section 3.2.3 "specials": a display name containing any of these (or leading/trailing
// space) must be a quoted-string.
const NEEDS_QUOTES = /[()<>[\]:;@\\,."]|^\s|\s$/;

/**
 * Formats a mailbox for display or for a recipient field: `Name <addr>`, with the name quoted
 * (RFC 5322 quoted-string, `"` and `\` escaped) when it contains specials, or the bare address
 * when there is no name. This is not a wire format: non-ASCII names are left as they are
 * (nodemailer applies RFC 2047 when sending).
 */
export function formatAddress(a: MailAddress): string {
  const name = (a.name ?? "").replace(/[\r\n]+/g, " ");
  if (!name.trim()) return a.address;
  const shown = NEEDS_QUOTES.test(name) ? `"${name.replace(/(["\\])/g, "\\$1")}"` : name;
  return `${shown} <${a.address}>`;
}
