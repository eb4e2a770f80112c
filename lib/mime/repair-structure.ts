import "server-only";
/**
 * Fixes header defects that make mailparser lose content, before it reads the message:
 * - a multipart without a boundary parameter (mailparser drops its whole body): the boundary is
 *   taken from the first delimiter-looking line of the body when that line recurs as a closing
 *   delimiter or a second delimiter, otherwise the entity is relabelled text/plain so its text
 *   at least shows;
 * - unescaped Windows paths in quoted file names (`filename="C:\Users\kim\a.doc"`, as old Outlook
 *   and many web forms send them): RFC 5322 quoted-strings read `\U` as `U`, which would glue the
 *   path into the name; the backslashes are escaped so the name can be cut at the last one.
 * Only header bytes change, so part numbers stay the same. Messages that need nothing are
 * returned untouched.
 */
import { flattenParts, walkMime } from "./mime-tree";

export function repairStructure(source: Buffer): Buffer {
  try {
    return repair(source);
  } catch {
    return source;
  }
}

// A quoted name/filename parameter (RFC 2231 sections included).
const QUOTED_NAME = /(\b(?:file)?name(?:\*\d+)?\s*=\s*")((?:[^"\\\r\n]|\\.)*)"/gi;

function repair(source: Buffer): Buffer {
  const src = source.toString("latin1");
  const parts = flattenParts(walkMime(source));
  const edits: { start: number; end: number; text: string }[] = [];

  for (const p of parts) {
    for (const h of p.headers) {
      if (h.name !== "content-type" && h.name !== "content-disposition") continue;
      const raw = src.slice(h.start, h.end);
      let text = raw;
      if (h.name === "content-type" && p.contentType.startsWith("multipart/") && !p.params.boundary) {
        const boundary = inferBoundary(src, p.bodyStart, p.bodyEnd);
        const eol = /\r?\n$/.exec(text)?.[0] ?? "";
        const body = text.slice(0, text.length - eol.length);
        text = boundary
          ? `${body.replace(/;?\s*boundary\s*=\s*("")?\s*$/i, "")}; boundary="${boundary}"${eol}`
          : `Content-Type: text/plain${eol}`;
      }
      if (text.includes("\\")) {
        text = text.replace(QUOTED_NAME, (_m, head: string, value: string) => `${head}${value.replace(/\\(?=[^"\\])/g, "\\\\")}"`);
      }
      if (text !== raw) edits.push({ start: h.start, end: h.end, text });
    }
  }
  if (edits.length === 0) return source;
  edits.sort((a, b) => a.start - b.start);
  let out = "";
  let pos = 0;
  for (const e of edits) {
    if (e.start < pos) continue;
    out += src.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  out += src.slice(pos);
  return Buffer.from(out, "latin1");
}

/** A boundary used by the body: a "--token" line seen again (RFC 2046 delimiters), or null. */
function inferBoundary(src: string, from: number, to: number): string | null {
  const body = src.slice(from, Math.min(to, from + 64 * 1024));
  const first = /^--([\x21-\x7e][\x20-\x7e]{0,68}[\x21-\x7e]|[\x21-\x7e])[ \t]*\r?$/m.exec(body);
  const candidate = first?.[1]?.replace(/--$/, "");
  if (!candidate || candidate.includes('"')) return null;
  const rest = src.slice(from + (first!.index ?? 0) + first![0].length, to);
  const again = rest.includes(`\n--${candidate}\r\n`) || rest.includes(`\n--${candidate}\n`) || rest.includes(`\n--${candidate}--`);
  return again ? candidate : null;
}
