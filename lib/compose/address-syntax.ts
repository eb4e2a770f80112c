/**
 * Recipient fields as people type and paste them: "Kim <kim@x.kr>, "Lee, Ann" <ann@y.com>; bob@z.org".
 * Splits a field into entries and checks each against RFC 5322 addr-spec syntax, with UTF-8 local
 * parts (RFC 6531/6532) and internationalised domain names (IDNA, RFC 5890) accepted, giving a
 * specific reason for every entry that is not a usable address.
 *
 * Pure and safe in the browser: the recipient chips run it on every keystroke, and the server runs
 * the same rules when the message is sent, so a chip marked valid is never refused on sending.
 */
import { createTranslator } from "use-intl/core";
import { en } from "@/lib/i18n/en";

/** Why an entry is not a usable address. The codes are keys of `recipients.problems` in lib/i18n. */
export type AddressProblemCode =
  | "control"
  | "unclosedQuote"
  | "unclosedParen"
  | "unclosedAngle"
  | "strayAngle"
  | "textAfterAddress"
  | "emptyAngle"
  | "space"
  | "missingAt"
  | "multipleAt"
  | "missingLocal"
  | "missingDomain"
  | "localChar"
  | "localDots"
  | "localTooLong"
  | "domainChar"
  | "domainDots"
  | "domainNoDot"
  | "domainHyphen"
  | "domainNumeric"
  | "domainIdn"
  | "labelTooLong"
  | "domainTooLong"
  | "domainLiteral"
  | "addressTooLong";

export interface AddressProblem {
  code: AddressProblemCode;
  /** The offending character, label or domain, for the message ("“,” is not allowed…"). */
  detail: string;
}

/** One entry of a recipient field. */
export interface RecipientEntry {
  /** The entry as typed, trimmed: what the field keeps (drafts store it exactly). */
  text: string;
  /** Display name (quotes removed), or "". */
  name: string;
  /** The addr-spec as typed (domain not converted), or "" when none could be found. */
  address: string;
  /** Null when the entry is a valid address. */
  problem: AddressProblem | null;
}

// RFC 5322 3.2.3 atext; any non-ASCII character is allowed too (RFC 6531 3.3 UTF8-non-ascii),
// except the invisible ones rejected as "control" below.
const ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\u{10ffff}]$/u;
// Controls, and the bidi overrides/isolates/marks that make an address display as another one.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;
// Letters, marks and digits of any script, and "-": what a (U-)label may hold (RFC 1035, RFC 5892).
const LABEL_CHAR = /^[\p{L}\p{M}\p{N}-]$/u;
// IDNA treats the ideographic and full-width full stops as dots (RFC 3490 3.1).
const DOT = /[.\u3002\uff0e\uff61]/;
const WHITESPACE = /\s/u;
// A last label that URL parsing would read as an IPv4 number (decimal or hex).
const NUMERIC_LABEL = /^(?:\d+|0x[0-9a-f]*)$/i;
const SEPARATORS = new Set([",", ";", "\n", "\r"]);

const utf8Length = (s: string) => new TextEncoder().encode(s).length;
const problem = (code: AddressProblemCode, detail = ""): AddressProblem => ({ code, detail });

/** Index just past the `"` that closes the quoted string opening at `start`, or -1. */
function quoteEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}

/** Index just past the `)` that closes the (nestable, RFC 5322 3.2.2) comment opening at `start`, or -1. */
function commentEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") i++;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i + 1;
  }
  return -1;
}

/** Index just past the `>` that closes the angle address opening at `start`, or -1. */
function angleEnd(text: string, start: number): number {
  const close = text.indexOf(">", start + 1);
  return close < 0 ? -1 : close + 1;
}

/** End of the quoted string, comment or angle address opening at `i`, or -1 when `i` opens none that closes. */
function groupEnd(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return quoteEnd(text, i);
  if (c === "(") return commentEnd(text, i);
  if (c === "<") return angleEnd(text, i);
  return -1;
}

/**
 * Splits a field at commas, semicolons and line breaks that are not inside a quoted name,
 * a comment or an angle address. An opening quote (or bracket) that is never closed is taken
 * as an ordinary character, so one typo spoils only its own entry. Bare addresses separated
 * only by spaces ("a@x.kr b@y.kr", as pasted from some lists) become separate entries.
 */
export function splitRecipientField(field: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i < field.length; i++) {
    const end = groupEnd(field, i);
    if (end > 0) {
      i = end - 1;
      continue;
    }
    if (SEPARATORS.has(field[i]!)) {
      pieces.push(field.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(field.slice(start));
  const entries: string[] = [];
  for (const piece of pieces) {
    const text = piece.trim();
    if (!text) continue;
    const words = text.split(/\s+/);
    if (words.length > 1 && !/[<>"()]/.test(text) && words.every((w) => w.includes("@"))) entries.push(...words);
    else entries.push(text);
  }
  return entries;
}

/**
 * Where the last separator outside quoted names, comments and angle addresses is, or -1:
 * what comes before it is finished entries, what follows is still being typed.
 */
export function lastSeparatorIndex(text: string): number {
  let last = -1;
  for (let i = 0; i < text.length; i++) {
    const end = groupEnd(text, i);
    if (end > 0) i = end - 1;
    else if (SEPARATORS.has(text[i]!)) last = i;
  }
  return last;
}

/** True while the text has a quoted name, comment or angle address still open: a comma typed now belongs to it. */
export function hasOpenGroup(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '"' && c !== "(" && c !== "<") continue;
    const end = groupEnd(text, i);
    if (end < 0) return true;
    i = end - 1;
  }
  return false;
}

/** The unquoted display name: `"Lee, Ann"` -> `Lee, Ann` (quoted-pairs resolved), else the text as it is. */
function unquoteName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && quoteEnd(trimmed, 0) === trimmed.length) {
    return trimmed.slice(1, -1).replace(/\\(.)/g, "$1");
  }
  return trimmed;
}

/** Checks a quoted local part ("john doe"): qtext, quoted-pairs and spaces (RFC 5322 3.2.4). */
function checkQuotedLocal(local: string): AddressProblem | null {
  for (let i = 1; i < local.length - 1; i++) {
    const c = local[i]!;
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === '"') return problem("localChar", c);
  }
  return null;
}

/** Checks a dot-atom local part (RFC 5322 3.2.3 with RFC 6531's UTF-8). */
function checkDotAtom(local: string): AddressProblem | null {
  for (const c of local) {
    if (c === ".") continue;
    if (WHITESPACE.test(c)) return problem("space");
    if (!ATEXT.test(c)) return problem("localChar", c);
  }
  if (local.split(".").some((atom) => atom === "")) return problem("localDots");
  return null;
}

/** Converts a domain (already known to hold only letters, marks, digits, hyphens and dots) to its ASCII form. */
function toAsciiDomain(domain: string): string | null {
  try {
    // The WHATWG URL parser applies IDNA (UTS #46) the same way in Node and every browser.
    return new URL(`http://${domain}/`).hostname;
  } catch {
    return null;
  }
}

function checkDomainLiteral(domain: string): AddressProblem | null {
  const inner = domain.slice(1, -1);
  // RFC 5321 4.1.3 address literals: [192.0.2.1] or [IPv6:2001:db8::1].
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(inner);
  if (v4 && v4.slice(1).every((n) => Number(n) <= 255)) return null;
  if (/^IPv6:[0-9a-f:.]+$/i.test(inner)) {
    try {
      new URL(`http://[${inner.slice(5)}]/`);
      return null;
    } catch {
      // falls through
    }
  }
  return problem("domainLiteral", domain);
}

/** Checks a domain name; Unicode labels are accepted when IDNA can convert them. */
function checkDomain(domain: string): AddressProblem | null {
  if (domain.startsWith("[") && domain.endsWith("]")) return checkDomainLiteral(domain);
  for (const c of domain) {
    if (DOT.test(c)) continue;
    if (WHITESPACE.test(c)) return problem("space");
    if (!LABEL_CHAR.test(c)) return problem("domainChar", c);
  }
  const labels = domain.split(DOT);
  if (labels.some((label) => label === "")) return problem("domainDots", domain);
  if (labels.length < 2) return problem("domainNoDot", domain);
  const hyphenated = labels.find((label) => label.startsWith("-") || label.endsWith("-"));
  if (hyphenated) return problem("domainHyphen", hyphenated);
  const last = labels[labels.length - 1]!;
  if (NUMERIC_LABEL.test(last)) return problem("domainNumeric", last);
  const ascii = toAsciiDomain(labels.join("."));
  if (!ascii) return problem("domainIdn", domain);
  const asciiLabels = ascii.split(".");
  if (asciiLabels.length !== labels.length) return problem("domainIdn", domain);
  const long = asciiLabels.findIndex((label) => label.length > 63);
  if (long >= 0) return problem("labelTooLong", labels[long]!);
  if (ascii.length > 253) return problem("domainTooLong", domain);
  return null;
}

/**
 * Checks one addr-spec ("kim@example.kr", "홍길동@도메인.한국", "\"john doe\"@example.com",
 * "ops@[192.0.2.1]"). Returns null when it is valid.
 *
 * Beyond RFC 5322 syntax, two things no public mail server accepts from a user are refused with
 * their own reason: single-label domains ("bob@gmail", almost always a typo) and domains ending
 * in a number (an IP address must be written as a literal, RFC 5321 4.1.3).
 */
export function checkAddrSpec(address: string): AddressProblem | null {
  if (!address) return problem("missingAt");
  if (CONTROL.test(address)) return problem("control");
  let at: number;
  if (address.startsWith('"')) {
    const end = quoteEnd(address, 0);
    if (end < 0) return problem("unclosedQuote");
    if (end === address.length) return problem("missingAt");
    if (address[end] !== "@") return problem("localChar", address[end]!);
    at = end;
    if (address.indexOf("@", at + 1) >= 0) return problem("multipleAt");
  } else {
    at = address.indexOf("@");
    if (at < 0) return problem("missingAt");
    if (address.indexOf("@", at + 1) >= 0) return problem("multipleAt");
  }
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (!local) return problem("missingLocal");
  if (!domain) return problem("missingDomain");
  const localProblem = local.startsWith('"') ? checkQuotedLocal(local) : checkDotAtom(local);
  if (localProblem) return localProblem;
  // RFC 5321 4.5.3.1.1: 64 octets for the local part; 4.5.3.1.3: 256 for the path, so 254 for the address.
  if (utf8Length(local) > 64) return problem("localTooLong", local);
  const domainProblem = checkDomain(domain);
  if (domainProblem) return domainProblem;
  if (utf8Length(address) > 254) return problem("addressTooLong");
  return null;
}

/**
 * Reads one entry: `addr`, `Name <addr>`, `"Last, First" <addr>`, `<addr>` or the old
 * `addr (Name)`. Display names are taken leniently (they are only shown and re-quoted when
 * sending); the address itself strictly.
 */
export function parseRecipientEntry(input: string): RecipientEntry {
  const text = input.trim();
  const entry = (name: string, address: string, p: AddressProblem | null): RecipientEntry => ({ text, name, address, problem: p });
  if (CONTROL.test(text)) return entry("", "", problem("control"));

  // Find "<" outside quotes and comments.
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "<") {
      open = i;
      break;
    }
    if (c === '"' || c === "(") {
      const end = groupEnd(text, i);
      if (end < 0) return entry("", "", problem(c === '"' ? "unclosedQuote" : "unclosedParen"));
      i = end - 1;
    } else if (c === ">") {
      return entry("", "", problem("strayAngle", ">"));
    }
  }

  if (open >= 0) {
    const close = text.indexOf(">", open + 1);
    if (close < 0) return entry(unquoteName(text.slice(0, open)), "", problem("unclosedAngle"));
    const name = unquoteName(text.slice(0, open));
    const address = text.slice(open + 1, close).trim();
    const rest = text.slice(close + 1).trim();
    if (rest && !(rest.startsWith("(") && commentEnd(rest, 0) === rest.length)) {
      return entry(name, address, problem("textAfterAddress", rest));
    }
    if (!address) return entry(name, "", problem("emptyAngle"));
    return entry(name, address, checkAddrSpec(address));
  }

  // addr-spec, maybe followed by a comment holding the name: "kim@x.kr (Kim Minsu)".
  let address = text;
  let name = "";
  if (text.endsWith(")")) {
    const start = text.lastIndexOf("(");
    if (start > 0 && commentEnd(text, start) === text.length) {
      address = text.slice(0, start).trim();
      name = text.slice(start + 1, -1).trim();
    }
  }
  if (address.includes(">")) return entry(name, "", problem("strayAngle", ">"));
  if (address.startsWith('"') && quoteEnd(address, 0) === address.length) {
    // A quoted phrase with no address: the name of someone whose address was left out.
    return entry(unquoteName(address), "", problem("missingAt"));
  }
  return entry(name, address, checkAddrSpec(address));
}

/** Splits a field and reads every entry (see {@link splitRecipientField} and {@link parseRecipientEntry}). */
export function parseRecipientField(field: string): RecipientEntry[] {
  return splitRecipientField(field).map(parseRecipientEntry);
}

// RFC 5322 3.2.3 "specials": a display name holding any of these (or edge spaces) must be quoted.
const NEEDS_QUOTES = /[()<>[\]:;@\\,."]|^\s|\s$/;

/** One entry for a name and an address: `Kim <kim@x.kr>`, `"Lee, Ann" <ann@y.com>`, or the bare address. */
export function formatRecipient(name: string, address: string): string {
  const shown = name.replace(/[\r\n]+/g, " ");
  if (!shown.trim()) return address;
  return `${NEEDS_QUOTES.test(shown) ? `"${shown.replace(/(["\\])/g, "\\$1")}"` : shown} <${address}>`;
}

/** The field's text for a list of entries: what drafts.to_field stores. */
export function joinRecipientEntries(texts: readonly string[]): string {
  return texts.map((t) => t.trim()).filter(Boolean).join(", ");
}

/**
 * A field checked for sending: its valid addresses (duplicates by address dropped) and one
 * English error per invalid entry, naming the entry and what is wrong with it.
 */
export function checkRecipientField(field: string): { addresses: { name: string; address: string }[]; errors: string[] } {
  const addresses: { name: string; address: string }[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const entry of parseRecipientField(field)) {
    const error = describeEntryProblem(entry);
    if (error) {
      errors.push(error);
      continue;
    }
    const key = entry.address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    addresses.push({ name: entry.name, address: entry.address });
  }
  return { addresses, errors };
}

let english: ReturnType<typeof createTranslator<typeof en, "recipients.problems">> | undefined;

/**
 * The reason in English, for server-side errors (the UI translates the code itself with
 * `recipients.problems.<code>`). Built from the same catalog, so both say the same thing.
 */
export function describeAddressProblem(p: AddressProblem): string {
  english ??= createTranslator({ locale: "en", messages: en, namespace: "recipients.problems" });
  return english(p.code, { detail: p.detail });
}

/** "“bob@” – the domain after “@” is missing." for an invalid entry; null for a valid one. */
export function describeEntryProblem(entry: RecipientEntry): string | null {
  return entry.problem ? `“${entry.text}”: ${describeAddressProblem(entry.problem)}` : null;
}
