/**
 * Message list previews. Pure string code, safe on the client as well as the server.
 */

// Characters that render as nothing (or as a plain space) but newsletters pad their
// "preheader" with to push the rest of the body out of list previews: combining grapheme
// joiner, zero-width space/non-joiner/joiner, word joiner, BOM and soft hyphen.
const INVISIBLE = /[\u034f\u00ad\u200b-\u200d\u2060\ufeff]/g;

// Control characters other than whitespace: nothing to show, and U+0000 cannot even be stored in
// PostgreSQL text or jsonb (a snippet with one makes the whole list insert fail).
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f]/g;

// A quoted line as written by mail clients (RFC 3676 section 4.5 quote marks, plus the
// indented "> " variants some clients emit).
const QUOTED = /^\s*>/;

/**
 * Makes a one-line preview of a plain text body: quoted lines ("> ...") are skipped, whitespace
 * (including non-breaking and invisible padding) collapsed, control characters dropped, and the result cut to at most `max`
 * characters (code points, never splitting a surrogate pair), ending in "…" when it was cut.
 * When every line is quoted the quoted text itself is used, so a preview is never empty for a
 * message that has text.
 *
 * @param text plain text body
 * @param max maximum length in code points, the "…" included
 */
export function makeSnippet(text: string, max = 200): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let picked = lines.filter((line) => !QUOTED.test(line));
  if (!picked.some((line) => line.trim() !== "")) {
    picked = lines.map((line) => line.replace(/^(\s*>)+\s?/, ""));
  }
  const flat = picked.join(" ").replace(INVISIBLE, "").replace(CONTROL, "").replace(/\s+/gu, " ").trim();
  const chars = Array.from(flat);
  if (max <= 0) return "";
  if (chars.length <= max) return flat;
  return chars.slice(0, Math.max(0, max - 1)).join("").trimEnd() + "…";
}
