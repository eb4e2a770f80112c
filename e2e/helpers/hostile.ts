/**
 * The hostile messages for e2e/hostile.spec.ts: the committed ones in tests/fixtures/hostile/
 * (in file order) followed by the big ones built at run time (tests/fixtures/hostile/big.ts),
 * and a fresh mailbox to deliver them to.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ChildNode, Element } from "domhandler";
import { parseDocument } from "htmlparser2";
import { bigHostileMessages } from "../../tests/fixtures/hostile/big";
import { MAIL_STACK, ROOT } from "./e2e-env";

const DIR = path.join(ROOT, "tests", "fixtures", "hostile");

export interface HostileMessage {
  /** File name or generator name: "h01-script-tags.eml", "g03-multipart-1000-deep". */
  name: string;
  /** "H01", "G03": the tag every subject starts with ("[H01] ..."). */
  tag: string;
  raw: Buffer;
  /** The subject exactly as the reader's heading must show it, or null to check only the tag. */
  subject: string | null;
  /** Text the body shows (in the frame or as plain text), or null when there is none to check. */
  survives: string | null;
  /** Built by big.ts: pathological size or structure. */
  big: boolean;
}

// Subjects that are plain text end to end (no controls, no encoded-word tricks, not huge): the
// reader's heading must show them exactly as written.
const PLAIN_SUBJECT = /^\[[HG]\d\d\] [\x20-\x7e]{1,80}$/;

export function hostileMessages(): HostileMessage[] {
  const expected = JSON.parse(readFileSync(path.join(DIR, "expected.json"), "utf8")) as Record<string, { subject: string }>;
  const committed = readdirSync(DIR)
    .filter((f) => f.endsWith(".eml"))
    .sort()
    .map((name): HostileMessage => {
      const tag = `H${/^h(\d\d)/.exec(name)![1]}`;
      const subject = expected[name]?.subject ?? "";
      const raw = readFileSync(path.join(DIR, name));
      // Dovecot stores a raw NUL in a header as 0x80, so the delivered subject
      // cannot equal the one decoded from the file: only its tag is compared.
      const headerHasNul = raw.subarray(0, raw.indexOf("\r\n\r\n") >>> 0).includes(0);
      return {
        name,
        tag,
        raw,
        subject: PLAIN_SUBJECT.test(subject) && !headerHasNul ? subject : null,
        survives: `${tag} survives.`,
        big: false,
      };
    });
  const big = bigHostileMessages.map((g): HostileMessage => {
    const tag = `G${/^g(\d\d)/.exec(g.name)![1]}`;
    return { name: g.name, tag, raw: g.build(), subject: g.subject, survives: tag === "G03" ? null : `${tag} survives.`, big: true };
  });
  return [...committed, ...big];
}

/** Adds a mail user (scripts/mail-stack.sh add-user); returns its credentials. */
export function addMailUser(email: string, password: string): { email: string; password: string } {
  execFileSync("bash", [MAIL_STACK, "add-user", email, password], { stdio: ["ignore", "ignore", "pipe"], timeout: 60_000 });
  return { email, password };
}

// ------------------------------------------------------------------------------------------
// What the browser actually built from a message's HTML (frame.content(), i.e. the DOM after
// parsing, so parser differentials show up here rather than in the sanitiser's own view).
// ------------------------------------------------------------------------------------------

// Elements of the app's document wrapper (message-document.ts) plus the sanitiser's allowlist.
const FRAME_TAGS = new Set([
  "html", "head", "body", "meta", "base", "style",
  "a", "abbr", "acronym", "address", "article", "aside", "b", "bdi", "bdo", "big", "blockquote", "br", "caption", "center",
  "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "font",
  "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "i", "img", "ins", "kbd", "li", "main", "mark", "nav",
  "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section", "small", "span", "strike", "strong", "sub", "summary", "sup",
  "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "wbr",
]);
const OWN_PART = /^\/api\/messages\/\d+\/parts\/[0-9.]+(?:\?[\w=&%.-]*)?$/;
const SAFE_DATA_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp|bmp);base64,/i;
const BAD_CSS = /expression|javascript:|vbscript:|behavior|binding|@import|position\s*:\s*(?:fixed|absolute|sticky)/i;

/** Everything in the frame's DOM that could run code, load a foreign resource or navigate. */
export function frameDangers(serializedDom: string): string[] {
  const found: string[] = [];
  const visit = (nodes: ChildNode[], inHead: boolean) => {
    for (const node of nodes) {
      if (node.type !== "tag" && node.type !== "script" && node.type !== "style") continue;
      const el = node as Element;
      if (!FRAME_TAGS.has(el.name)) found.push(`<${el.name}>`);
      if (el.name === "meta" && !(inHead && (el.attribs.charset || el.attribs.name === "referrer"))) found.push(`<meta ${Object.keys(el.attribs).join(" ")}>`);
      if (el.name === "base" && (el.attribs.href !== undefined || !inHead)) found.push("<base href>");
      if (el.name === "style") {
        const css = el.children.map((c) => ("data" in c ? String(c.data) : "")).join("");
        if (BAD_CSS.test(css) || /url\(\s*["']?\s*(?:https?:)?\/\//i.test(css)) found.push(`<style> ${css.slice(0, 80)}`);
      }
      for (const [name, value] of Object.entries(el.attribs)) {
        const v = value.trim();
        if (name.startsWith("on")) found.push(`<${el.name} ${name}>`);
        if (["srcset", "ping", "action", "formaction", "poster", "xlink:href", "lowsrc", "dynsrc", "data", "srcdoc"].includes(name)) found.push(`<${el.name} ${name}>`);
        if (name === "href" && el.name === "a" && !/^(?:https?:|mailto:|#)/i.test(v)) found.push(`<a href=${v.slice(0, 60)}>`);
        if ((name === "src" || name === "background") && !(OWN_PART.test(v) || SAFE_DATA_IMAGE.test(v))) found.push(`<${el.name} ${name}=${v.slice(0, 60)}>`);
        if (name === "target" && el.name === "a" && v !== "_blank") found.push(`<a target=${v}>`);
        if (name === "style" && (BAD_CSS.test(v) || /url\(\s*["']?\s*(?:https?:)?\/\//i.test(v))) found.push(`<${el.name} style=${v.slice(0, 80)}>`);
      }
      visit(el.children, el.name === "head");
    }
  };
  visit(parseDocument(serializedDom, { decodeEntities: true }).children, false);
  return found;
}
