/**
 * A plain-text body cut into what the reader draws differently: ordinary
 * text with its links, and quoted blocks ("> ..." lines, RFC 3676 quoting)
 * that can be folded away, as mail clients do for the replied-to message.
 */
export type Inline = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };
export type TextBlock = { kind: "text"; parts: Inline[] } | { kind: "quote"; lines: number; parts: Inline[] };

// http(s)://, www., and mailto: — trailing punctuation belongs to the sentence, not the link.
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"]+[^\s<>".,;:!?)\]}'’”]|\bmailto:[^\s<>"]+[^\s<>".,;:!?)]/gi;

/** Splits text into plain runs and links (http, https and mailto only). */
export function linkify(text: string): Inline[] {
  const parts: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    if (match.index! > last) parts.push({ kind: "text", text: text.slice(last, match.index) });
    const raw = match[0];
    parts.push({ kind: "link", text: raw, href: raw.toLowerCase().startsWith("www.") ? `https://${raw}` : raw });
    last = match.index! + raw.length;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}

/** Groups consecutive quoted lines into quote blocks; everything else stays text. */
export function textBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let run: string[] = [];
  let quoted = false;
  const flush = () => {
    if (!run.length) return;
    const body = run.join("\n");
    blocks.push(quoted ? { kind: "quote", lines: run.length, parts: linkify(body) } : { kind: "text", parts: linkify(body) });
    run = [];
  };
  for (const line of text.replace(/\r\n/g, "\n").split("\n")) {
    const isQuote = /^\s*>/.test(line);
    if (isQuote !== quoted) {
      flush();
      quoted = isQuote;
    }
    run.push(line);
  }
  flush();
  return blocks;
}
