import "server-only";
/**
 * CSS filtering for mail HTML: inline `style` attributes and `<style>` blocks. Parsing is done
 * by postcss (sanitize-html's own CSS parser dependency), so declarations are split the way a
 * browser would split them, not by regex.
 *
 * Policy (everything not listed is kept, so ordinary email layout survives):
 * - declarations are dropped when they can run code or escape the message box: IE `expression()`,
 *   `behavior`, `-moz-binding`, `javascript:`/`vbscript:` anywhere, `position: fixed|absolute|sticky`
 *   (overlaying the app UI), any CSS escape (`\`) since escapes are how the above get disguised;
 * - `url()` may only be http(s) (remote: blocked until the user allows it) in a property that
 *   paints an image (backgrounds, border images, list markers), or cid: (rewritten to the app's
 *   attachment URL); anything else (relative, data:, image-set(), a remote `filter`/`mask`/
 *   `cursor` URL) drops the declaration;
 * - in style sheets, only plain rules and `@media` survive (no `@import`, `@font-face`, ...).
 */
import postcss, { type Declaration, type Root } from "postcss";

/** How url() values are treated. */
export interface CssUrlContext {
  /** Rewrites a cid: reference (Content-ID without "cid:") to a URL, or null to drop it. */
  cid: (contentId: string) => string | null;
  /** When true, http(s) url() values are kept as they are (the "load images" view). */
  allowRemote: boolean;
}

/** Result of filtering: `css` is safe to render now, `remote` says whether remote url()s were removed. */
export interface CssFilterResult {
  css: string;
  /** true when at least one declaration was removed only because it loads a remote resource */
  remote: boolean;
}

// Properties whose url() is an image: the only ones that may keep a remote URL.
const IMAGE_URL_PROPERTIES = new Set([
  "background", "background-image", "border-image", "border-image-source", "-webkit-border-image", "list-style", "list-style-image",
]);

const DENIED_PROPERTIES = new Set(["behavior", "-ms-behavior", "-moz-binding", "-webkit-binding", "binding"]);
const CODE = /expression|javascript:|vbscript:|livescript:|mocha:|-moz-binding|behavior|@import|image-set|element\s*\(/i;
const URL_TOKEN = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)/gi;

type DeclVerdict = { keep: false; remote: boolean } | { keep: true; value: string };

/** Decides one declaration: drop it, or keep it with a possibly rewritten value. */
function judgeDeclaration(prop: string, value: string, ctx: CssUrlContext): DeclVerdict {
  const name = prop.trim().toLowerCase();
  if (!/^-?[a-z][a-z0-9-]*$/.test(name) || DENIED_PROPERTIES.has(name)) return { keep: false, remote: false };
  const v = value.replace(/\/\*[\s\S]*?\*\//g, "");
  if (v.includes("\\") || CODE.test(v)) return { keep: false, remote: false };
  if (name === "position" && /fixed|absolute|sticky/i.test(v)) return { keep: false, remote: false };

  let drop = false;
  let remote = false;
  const urlCount = (v.match(/url\s*\(/gi) ?? []).length;
  let seen = 0;
  const rewritten = v.replace(URL_TOKEN, (_m, dq: string | undefined, sq: string | undefined, bare: string | undefined) => {
    seen++;
    const url = (dq ?? sq ?? bare ?? "").trim();
    if (/^cid:/i.test(url)) {
      const mapped = ctx.cid(url.slice(4));
      if (mapped === null) drop = true;
      return `url("${(mapped ?? "").replace(/["\\\n\r]/g, "")}")`;
    }
    if (/^(?:https?:)?\/\//i.test(url)) {
      // Only properties that paint an image may load one (the CSP lets images through once the
      // reader allows remote content); filter:, mask:, clip-path: etc. would fetch SVG documents.
      if (!IMAGE_URL_PROPERTIES.has(name)) {
        drop = true;
        return "url()";
      }
      if (!ctx.allowRemote) {
        remote = true;
        drop = true;
      }
      const abs = url.startsWith("//") ? `https:${url}` : url;
      return `url("${abs.replace(/["\\\n\r]/g, encodeURIComponent)}")`;
    }
    drop = true; // relative (would hit the webmail's own origin), data:, anything else
    return "url()";
  });
  // A url( the token regex did not understand (unbalanced, odd quoting) is not worth the risk.
  if (drop || seen !== urlCount) return { keep: false, remote: remote && seen === urlCount };
  return { keep: true, value: rewritten.trim() };
}

function filterDeclarationsOf(container: { each: Root["each"] }, ctx: CssUrlContext, state: { remote: boolean }): void {
  container.each((node) => {
    if (node.type === "comment") {
      node.remove();
      return;
    }
    if (node.type !== "decl") return;
    const decl = node as Declaration;
    const verdict = judgeDeclaration(decl.prop, decl.value, ctx);
    if (!verdict.keep) {
      if (verdict.remote) state.remote = true;
      decl.remove();
    } else {
      decl.value = verdict.value;
    }
  });
}

/** Filters the value of a `style="..."` attribute. Unparseable input yields "". */
export function filterInlineStyle(style: string, ctx: CssUrlContext): CssFilterResult {
  const state = { remote: false };
  try {
    // Parsed as the body of one rule; a "}" in the attribute opens further rules, which are ignored.
    const root = postcss.parse(`x{${style}}`);
    const rule = root.first;
    if (!rule || rule.type !== "rule") return { css: "", remote: false };
    filterDeclarationsOf(rule, ctx, state);
    const css = rule.nodes
      .filter((n): n is Declaration => n.type === "decl")
      .map((d) => `${d.prop.toLowerCase()}: ${d.value}${d.important ? " !important" : ""}`)
      .join("; ");
    return { css, remote: state.remote };
  } catch {
    return { css: "", remote: false };
  }
}

/**
 * Parses a style sheet the forgiving way browsers do (CSS Syntax Level 3 error recovery, roughly):
 * a broken rule is skipped up to its closing "}" and parsing resumes after it, instead of losing
 * the whole sheet to one typo. HTML comment markers (CDO/CDC), common in old mail, are ignored.
 */
function parseSheetTolerant(css: string): Root {
  const root = postcss.root();
  let rest = css.replace(/<!--|-->/g, " ");
  for (let attempt = 0; attempt < 100 && rest.trim(); attempt++) {
    try {
      root.append(postcss.parse(rest).nodes);
      break;
    } catch (err) {
      const offset = errorOffset(err, rest);
      const cut = rest.lastIndexOf("}", offset);
      if (cut > 0) {
        try {
          root.append(postcss.parse(rest.slice(0, cut + 1)).nodes);
        } catch {
          // the prefix is broken too (unbalanced braces): skip it
        }
      }
      const next = rest.indexOf("}", Math.max(offset, cut + 1));
      if (next === -1) break;
      rest = rest.slice(next + 1);
    }
  }
  return root;
}

/** Character offset of a postcss CssSyntaxError (line/column are 1-based). */
function errorOffset(err: unknown, text: string): number {
  const e = err as { line?: number; column?: number };
  if (!e.line) return text.length;
  const lines = text.split("\n");
  let offset = 0;
  for (let i = 0; i < e.line - 1 && i < lines.length; i++) offset += (lines[i]?.length ?? 0) + 1;
  return Math.min(text.length, offset + Math.max(0, (e.column ?? 1) - 1));
}

/** Filters the text of a `<style>` element. Unparseable parts are dropped. */
export function filterStyleSheet(css: string, ctx: CssUrlContext): CssFilterResult {
  const state = { remote: false };
  try {
    const root = parseSheetTolerant(css);
    const clean = (container: Root | postcss.AtRule) => {
      container.each((node) => {
        if (node.type === "comment" || node.type === "decl") {
          node.remove(); // declarations outside a rule are meaningless here
        } else if (node.type === "atrule") {
          if (node.name.toLowerCase() === "media" && node.nodes) clean(node);
          else node.remove();
        } else if (node.type === "rule") {
          if (CODE.test(node.selector) || node.selector.includes("\\")) {
            node.remove();
            return;
          }
          filterDeclarationsOf(node, ctx, state);
          if (!node.nodes || node.nodes.length === 0) node.remove();
        }
      });
    };
    clean(root);
    // "<" only appears in strings or junk; escaping it makes "</style>" impossible in the output.
    const out = root.toString().replace(/</g, "\\3c ").trim();
    return { css: out, remote: state.remote };
  } catch {
    return { css: "", remote: false };
  }
}
