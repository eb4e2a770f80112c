// Hostile messages (tests/fixtures/hostile/*.eml and the big ones built by big.ts): each parses
// quickly without throwing, and what would reach the reader's iframe contains nothing dangerous.
import { readdirSync, readFileSync } from "node:fs";
import { parseDocument } from "htmlparser2";
import type { ChildNode, Element } from "domhandler";
import { describe, expect, it } from "vitest";
import { bigHostileMessages } from "../../tests/fixtures/hostile/big";
import { parseMessage } from "./parse-message";
import { allowRemoteContent } from "./sanitize-html";

const dir = new URL("../../tests/fixtures/hostile/", import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".eml"))
  .sort();
const expected = JSON.parse(readFileSync(new URL("expected.json", dir), "utf8")) as Record<string, { subject: string; attachments: string[] }>;

const cidUrl = (_cid: string, part: string) => `/api/messages/7/parts/${part}`;
const OWN_PART = /^\/api\/messages\/7\/parts\/[0-9.]+$/;

// What the sanitiser may emit at all (its allowlist), and per-attribute rules below.
const TAGS = new Set([
  "a", "abbr", "acronym", "address", "article", "aside", "b", "bdi", "bdo", "big", "blockquote", "br", "caption", "center",
  "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "font",
  "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "i", "img", "ins", "kbd", "li", "main", "mark", "nav",
  "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section", "small", "span", "strike", "strong", "sub", "summary", "sup",
  "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "wbr", "style",
]);
const ATTRIBUTES = new Set([
  "style", "class", "align", "valign", "dir", "lang", "title", "width", "height", "bgcolor", "color", "border", "href", "target",
  "rel", "src", "alt", "hspace", "vspace", "cellpadding", "cellspacing", "summary", "frame", "rules", "background", "colspan",
  "rowspan", "nowrap", "headers", "scope", "abbr", "span", "face", "size", "start", "type", "reversed", "value", "noshade",
  "datetime", "open", "data-maeil-src", "data-maeil-background", "data-maeil-style",
]);
const SAFE_DATA_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp|bmp);base64,[A-Za-z0-9+/=\s]*$/i;
const REMOTE = /^https?:\/\//i;
const IMAGE_PROPERTIES = new Set(["background", "background-image", "border-image", "border-image-source", "-webkit-border-image", "list-style", "list-style-image"]);
// Code in CSS, things that escape the message box, and disguises for both.
const BAD_CSS = /expression|javascript:|vbscript:|behavior|binding|@import|image-set|\\|position\s*:\s*(?:fixed|absolute|sticky)/i;

/** Every way the sanitised HTML could run code, load something or leave the message box. */
function dangers(html: string, remoteAllowed: boolean): string[] {
  const found: string[] = [];
  // String-level checks first: these never belong in the output however it parses.
  if (/<\s*(?:script|iframe|object|embed|svg|math|form|meta|base|link)\b/i.test(html)) found.push("forbidden tag in markup");
  const styleBlocks = html.match(/<style>/g)?.length ?? 0;
  if (styleBlocks > 1 || (styleBlocks === 1 && !html.startsWith("<style>"))) found.push("style element not the single leading one");

  const checkCss = (css: string, where: string, sheet = false) => {
    if (BAD_CSS.test(css)) found.push(`${where}: dangerous CSS ${JSON.stringify(css.slice(0, 120))}`);
    for (const m of css.matchAll(/([-a-z]+)\s*:[^;{}]*?url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*))\)/gi)) {
      const url = (m[2] ?? m[3] ?? m[4] ?? "").trim();
      if (OWN_PART.test(url)) continue;
      // Remote images only (style sheets never load anything remote), and only where CSS paints an image.
      if (remoteAllowed && !sheet && REMOTE.test(url) && IMAGE_PROPERTIES.has(m[1]!.toLowerCase())) continue;
      found.push(`${where}: ${m[1]}: url(${url.slice(0, 80)})`);
    }
  };
  const visit = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (node.type === "style" || node.type === "tag" || node.type === "script") {
        const el = node as Element;
        if (!TAGS.has(el.name)) found.push(`element <${el.name}>`);
        if (el.name === "style") {
          const css = el.children.map((c) => ("data" in c ? String(c.data) : "")).join("");
          if (css.includes("<")) found.push("< inside style");
          checkCss(css, "<style>", true);
        }
        for (const [name, value] of Object.entries(el.attribs)) {
          if (!ATTRIBUTES.has(name)) found.push(`<${el.name} ${name}>`);
          const v = value.trim();
          if (name === "href" && !/^(?:https?:|mailto:|#)/i.test(v)) found.push(`href=${v.slice(0, 80)}`);
          if (name === "src" || name === "background") {
            const ok = SAFE_DATA_IMAGE.test(v) || OWN_PART.test(v) || (remoteAllowed && REMOTE.test(v));
            if (!ok) found.push(`${name}=${v.slice(0, 80)}`);
          }
          if (name === "target" && v !== "_blank") found.push(`target=${v}`);
          if (name === "rel" && v !== "noopener noreferrer") found.push(`rel=${v}`);
          if (name === "style") checkCss(v, `<${el.name} style>`);
          if (name === "data-maeil-style" && remoteAllowed) found.push("data-maeil-style left after allowRemoteContent");
          if (name === "data-maeil-style") checkCss(v.replace(/url\(\s*"https?:[^"]*"\s*\)/gi, ""), `<${el.name} data-maeil-style>`);
          if ((name === "data-maeil-src" || name === "data-maeil-background") && !REMOTE.test(v)) found.push(`${name}=${v.slice(0, 80)}`);
        }
        visit(el.children);
      }
    }
  };
  visit(parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }).children);
  return found;
}

const staticMessages = files.map((f) => ({ name: f, build: () => readFileSync(new URL(f, dir)) }));
const all = [...staticMessages, ...bigHostileMessages.map((g) => ({ name: g.name, build: g.build }))];

describe("hostile messages", () => {
  it("has at least 40 of them, expectations for every committed one", () => {
    expect(all.length).toBeGreaterThanOrEqual(40);
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  it.each(all.map((m) => [m.name, m] as const))("%s", async (name, message) => {
    const raw = message.build();
    const started = performance.now();
    const m = await parseMessage(raw, { cidUrl });
    const elapsed = performance.now() - started;
    expect(elapsed, `${name} took ${Math.round(elapsed)} ms`).toBeLessThan(2000);

    const id = /^(?:h|g)(\d\d)/.exec(name)!;
    const tag = `${name[0]!.toUpperCase()}${id[1]}`;
    // The headers are always read, and harmless content survives (G03's text sits 1,000 levels deep).
    expect(m.subject.startsWith(`[${tag}]`)).toBe(true);
    expect(m.from).toEqual({ name: name === "h24-subject-xss.eml" ? "<img src=x onerror=alert('h24-1')>" : name === "h25-encoded-subject-xss.eml" ? "\"><svg/onload=alert('h25-1')>" : name === "h30-bidi-and-invisible.eml" ? "support@bank.example\u202e\u2066" : name === "h37-nul-bytes.eml" ? "NullSender" : "Hostile Sender", address: "attacker@evil.example" });
    if (tag !== "G03") expect(`${m.text}\n${m.html ?? ""}`).toContain(`${tag} survives.`);
    const want = expected[name];
    if (want) {
      expect(m.subject).toBe(want.subject);
      expect(m.attachments.map((a) => a.filename)).toEqual(want.attachments);
    }
    const big = bigHostileMessages.find((g) => g.name === name);
    if (big?.subject) expect(m.subject).toBe(big.subject);

    // Nothing a database or a browser would choke on: no control characters, bounded sizes.
    const strings = [m.subject, m.text, m.html ?? "", m.from?.name ?? "", ...m.to.map((a) => a.name), ...m.cc.map((a) => a.name), ...m.attachments.flatMap((a) => [a.filename, a.contentId ?? ""])];
    for (const s of strings) expect(s).not.toMatch(/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/);
    for (const a of m.attachments) {
      expect(a.filename).not.toMatch(/[/\\\u202a-\u202e\u2066-\u2069]/);
      expect(a.filename.length).toBeLessThanOrEqual(255);
      expect(a.part).toMatch(/^\d{1,4}(\.\d{1,4}){0,20}$/);
    }
    expect(m.text.length).toBeLessThanOrEqual(1_000_004);
    expect((m.html ?? "").length).toBeLessThanOrEqual(3_200_000);
    expect(m.attachments.length).toBeLessThanOrEqual(500);

    // The HTML as served (remote content blocked), and after "Show images".
    if (m.html !== null) {
      expect(dangers(m.html, false)).toEqual([]);
      expect(dangers(allowRemoteContent(m.html), true)).toEqual([]);
    }
  });

  it("the danger check itself catches what it looks for", () => {
    expect(dangers('<img src="x" onerror="alert(1)"><a href="javascript:alert(1)">x</a>', false)).toEqual([
      "src=x",
      "<img onerror>",
      "href=javascript:alert(1)",
    ]);
    expect(dangers('<div style="position: fixed; background: url(https://evil.example/x)">x</div><svg></svg>', false)).toHaveLength(4);
    expect(dangers('<img src="https://evil.example/x.png">', true)).toEqual([]);
    expect(dangers('<img src="https://evil.example/x.png">', false)).toEqual(["src=https://evil.example/x.png"]);
  });

  it("blocks every remote load until images are allowed, then only loads images", async () => {
    const m = await parseMessage(readFileSync(new URL("h13-srcset-background.eml", dir)), { cidUrl });
    expect(m.hasRemoteContent).toBe(true);
    expect(m.html).not.toMatch(/\s(?:src|background|style)="[^"]*evil\.example/);
    const loaded = allowRemoteContent(m.html!);
    expect(loaded).toContain('src="https://h13.evil.example/visible.png"');
    expect(loaded).toContain('background="https://h13.evil.example/table.png"');
    // Never: srcset, ping, poster, preload links, the tracking pixel.
    expect(loaded).not.toMatch(/\s(?:srcset|ping|poster|lowsrc|dynsrc)=|preload\.js|prefetch|track\.gif|a\.mp3|v\.mp4|t\.vtt|input\.png|o\.png/);
  });

  it("keeps NUL bytes out of everything PostgreSQL stores", async () => {
    const m = await parseMessage(readFileSync(new URL("h37-nul-bytes.eml", dir)));
    expect(m.subject).toBe("[H37] NUL insubject andraw");
    expect(m.text).toBe("H37 survives. after a NUL[31m escape");
    expect(m.attachments).toEqual([{ part: "3", filename: "nulname.bin", contentType: "application/octet-stream", size: 3, contentId: "nulid@evil.example", inline: false }]);
    expect(JSON.stringify(m)).not.toContain("\\u0000");
  });

  it("strips bidi overrides and paths from file names, keeps the extension of a long one", async () => {
    const m = await parseMessage(readFileSync(new URL("h27-filename-xss.eml", dir)));
    const names = m.attachments.map((a) => a.filename);
    expect(names).toContain("invoicefdp.exe");
    expect(names).toContain("passwd");
    expect(names.find((n) => n.startsWith("AAAA"))).toBe(`${"A".repeat(251)}.bin`);
  });

  it("cuts pathological structure but keeps the part numbers of what it keeps", async () => {
    const wide = await parseMessage(bigHostileMessages.find((g) => g.name === "g06-3000-parts")!.build());
    expect(wide.attachments.length).toBeGreaterThan(400);
    expect(wide.attachments.slice(0, 3).map((a) => [a.part, a.filename])).toEqual([["2", "p0.html"], ["3", "p1.html"], ["4", "p2.html"]]);
    const deep = await parseMessage(bigHostileMessages.find((g) => g.name === "g03-multipart-1000-deep")!.build());
    expect(deep.subject).toBe("[G03] multipart nested 1000 deep");
    expect(deep.from).toEqual({ name: "Hostile Sender", address: "attacker@evil.example" });
    const headers = await parseMessage(bigHostileMessages.find((g) => g.name === "g04-1mb-header-block")!.build());
    expect(headers.text).toBe("G04 survives.");
    const recipients = await parseMessage(bigHostileMessages.find((g) => g.name === "g07-20000-recipients")!.build());
    expect(recipients.cc.length).toBeGreaterThan(50);
    expect(recipients.cc[0]).toEqual({ name: "User 0 <img src=x onerror=alert(0)>", address: "u0@example.test" });
  });
});
