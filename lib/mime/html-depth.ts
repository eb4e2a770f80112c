import "server-only";
/**
 * Flattens absurdly deep HTML before it is sanitised. htmlparser2 (under sanitize-html) keeps its
 * element stack with Array#unshift, so every open tag costs time proportional to the current
 * depth: 100,000 nested elements (a 1 MB message) take tens of seconds. Browsers do not build
 * such trees either (Chromium stops nesting at 512). Past `maxDepth` open elements, further start
 * tags and their end tags are left out; the text inside them stays.
 *
 * The scan is a lenient tokenizer, not a conforming HTML parser: it only decides which tags to
 * leave out, and its output is sanitised like any other input, so a misreading can at worst
 * flatten some markup, never let anything through. Documents that cannot be that deep (fewer
 * than `maxDepth` tags) or are not are returned unchanged.
 */

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr", "basefont", "bgsound", "frame", "image", "isindex", "nextid"]);
// Elements whose content is raw text up to their end tag.
const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"]);
// How far up the stack an end tag is looked for; a stray end tag further away is ignored.
const CLOSE_SEARCH = 64;

/** Index of the `>` that ends the tag starting at `from` (quotes respected), or -1. */
function tagEnd(html: string, from: number): number {
  let quote = "";
  for (let i = from; i < html.length; i++) {
    const c = html[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") {
      // Quotes only open an attribute value right after "=" (HTML tokenizer rules).
      let j = i - 1;
      while (j > from && /\s/.test(html[j]!)) j--;
      if (html[j] === "=") quote = c;
    } else if (c === ">") {
      return i;
    }
  }
  return -1;
}

/** `html` with start/end tags beyond `maxDepth` nested elements removed (see module comment). */
export function limitHtmlNesting(html: string, maxDepth = 256): string {
  let tags = 0;
  for (let i = html.indexOf("<"); i !== -1 && tags <= maxDepth; i = html.indexOf("<", i + 1)) tags++;
  if (tags <= maxDepth) return html;

  const lower = html.toLowerCase();
  const stack: { name: string; dropped: boolean }[] = [];
  const keep: string[] = [];
  let copied = 0; // html[copied, i) is still to be kept
  let changed = false;
  const drop = (start: number, end: number) => {
    keep.push(html.slice(copied, start));
    copied = end;
    changed = true;
  };

  let i = 0;
  while ((i = html.indexOf("<", i)) !== -1) {
    if (html.startsWith("<!--", i)) {
      const end = html.indexOf("-->", i + 4);
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    const next = html[i + 1] ?? "";
    if (next === "!" || next === "?") {
      const end = html.indexOf(">", i + 2);
      i = end === -1 ? html.length : end + 1;
      continue;
    }
    const closing = next === "/";
    const nameMatch = /^[A-Za-z][^\s/>]*/.exec(html.slice(i + (closing ? 2 : 1), i + (closing ? 2 : 1) + 64));
    if (!nameMatch) {
      i++;
      continue;
    }
    const name = nameMatch[0].toLowerCase();
    const end = tagEnd(html, i + 1);
    if (end === -1) break;
    if (closing) {
      let k = stack.length - 1;
      const stop = Math.max(0, stack.length - CLOSE_SEARCH);
      while (k >= stop && stack[k]!.name !== name) k--;
      if (k >= stop) {
        const matched = stack[k]!;
        stack.length = k;
        if (matched.dropped) drop(i, end + 1);
      }
      i = end + 1;
      continue;
    }
    const selfClosing = VOID.has(name);
    if (!selfClosing) {
      const dropped = stack.length >= maxDepth;
      stack.push({ name, dropped });
      if (dropped) drop(i, end + 1);
    }
    i = end + 1;
    if (RAW_TEXT.has(name)) {
      // Skip the raw text; its end tag is handled by the next round.
      const close = lower.indexOf(`</${name}`, i);
      i = close === -1 ? html.length : close;
    }
  }
  if (!changed) return html;
  keep.push(html.slice(copied));
  return keep.join("");
}
