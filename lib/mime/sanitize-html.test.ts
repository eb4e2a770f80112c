import { describe, expect, it } from "vitest";
import { allowRemoteContent, sanitizeEmailHtml } from "./sanitize-html";

const clean = (html: string, cidUrl?: (id: string) => string | null) => sanitizeEmailHtml(html, { cidUrl });

describe("sanitizeEmailHtml: dangerous markup", () => {
  it.each([
    ["script", "<p>a</p><script>alert(1)</script>", "<p>a</p>"],
    ["event handler", '<img src="data:image/png;base64,AAAA" onerror="alert(1)">', '<img src="data:image/png;base64,AAAA" />'],
    ["javascript: link", '<a href="javascript:alert(1)">x</a>', '<a target="_blank" rel="noopener noreferrer">x</a>'],
    ["entity-obfuscated javascript:", '<a href="jav&#x09;ascript&colon;alert(1)">x</a>', '<a target="_blank" rel="noopener noreferrer">x</a>'],
    ["vbscript: link", '<a href="vbscript:msgbox(1)">x</a>', '<a target="_blank" rel="noopener noreferrer">x</a>'],
    ["data: link", '<a href="data:text/html,<script>alert(1)</script>">x</a>', '<a target="_blank" rel="noopener noreferrer">x</a>'],
    ["relative link", '<a href="/api/account/delete">x</a>', '<a target="_blank" rel="noopener noreferrer">x</a>'],
    ["iframe", '<iframe src="https://evil.example/"></iframe>ok', "ok"],
    ["object/embed", '<object data="x.swf">fallback</object><embed src="y.swf">', ""],
    ["meta refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example/">hi', "hi"],
    ["base", '<base href="https://evil.example/"><a href="https://ok.example/">x</a>', '<a href="https://ok.example/" target="_blank" rel="noopener noreferrer">x</a>'],
    ["link stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">hi', "hi"],
    ["form", '<form action="https://evil.example/"><input name="p"><button>Go</button><select><option>o</option></select><textarea>t</textarea></form>', "Go"],
    ["svg onload", '<svg onload="alert(1)"><script>alert(2)</script><text>t</text></svg>after', "after"],
    ["title", "<html><head><title>Secret title</title></head><body>b</body></html>", "b"],
    ["data-* from the sender", '<img data-maeil-src="https://tracker.example/x" alt="a">', '<img alt="a" />'],
    ["srcset", '<img srcset="https://evil.example/a.png 2x" alt="a">', '<img alt="a" />'],
    ["svg data image", '<img src="data:image/svg+xml;base64,PHN2Zz4=">', "<img />"],
  ])("%s", (_name, input, expected) => {
    expect(clean(input).html).toBe(expected);
  });

  it("filters dangerous CSS but keeps layout styles", () => {
    const { html } = clean(
      '<div style="color: red; width: expression(alert(1)); position: fixed; top: 0; behavior: url(x.htc); -moz-binding: url(x.xml#x); background: url(javascript:alert(1)); font-family: \'Malgun Gothic\', sans-serif; padding: 4px 8px">x</div>',
    );
    expect(html).toBe('<div style="color: red; top: 0; font-family: \'Malgun Gothic\', sans-serif; padding: 4px 8px">x</div>');
  });

  it("drops CSS escapes used to disguise expression()", () => {
    expect(clean('<p style="width: e\\78 pression(alert(1)); color: blue">x</p>').html).toBe('<p style="color: blue">x</p>');
  });

  it("keeps relative and static positioning", () => {
    expect(clean('<p style="position: relative">x</p>').html).toBe('<p style="position: relative">x</p>');
  });

  it("filters <style> blocks and emits them once, first", () => {
    const { html } = clean(
      '<html><head><style>@import url(https://evil.example/x.css); .a { color: red; position: absolute } @media (max-width: 600px) { .b { width: 100% !important } } .c { background: url(https://evil.example/bg.png) } @font-face { font-family: x; src: url(https://evil.example/f.woff) } .d { content: "<script>" } .e { color: } .f { color: green }</style></head><body><p class="a">x</p></body></html>',
    );
    expect(html).not.toMatch(/@import|absolute|evil\.example|<script|<\/style><script/);
    expect(html.startsWith("<style>")).toBe(true);
    expect(html).toContain(".a { color: red }");
    expect(html).toContain("@media (max-width: 600px) { .b { width: 100% !important } }");
    expect(html).toContain(".f { color: green }");
    expect(html).toContain('<p class="a">x</p>');
    expect(html.match(/<style>/g)).toHaveLength(1);
  });

  it("a </style> inside CSS ends the style element, as in a browser, and nothing leaks", () => {
    const { html } = clean('<style>.a { color: red } .d { content: "</style><script>alert(1)</script>" }</style><p>x</p>');
    expect(html).not.toMatch(/<script|alert/);
    expect(html.startsWith("<style>.a { color: red }</style>")).toBe(true);
  });

  it("treats an unclosed <style> as CSS to the end, not as markup", () => {
    const { html } = clean("<p>a</p><style>.x{color:red}<img src=x onerror=alert(1)>");
    expect(html).not.toMatch(/<img|onerror/);
    expect(html).toBe("<style>.x{color:red}</style><p>a</p>");
  });

  it("adds target and rel to every link, keeps mailto and fragments", () => {
    expect(clean('<a href="mailto:kim@example.kr" target="_self" rel="opener">m</a><a href="#top">t</a>').html).toBe(
      '<a href="mailto:kim@example.kr" target="_blank" rel="noopener noreferrer">m</a><a href="#top" target="_blank" rel="noopener noreferrer">t</a>',
    );
  });
});

describe("sanitizeEmailHtml: remote content", () => {
  it("blocks remote images into data-maeil-src and reports it", () => {
    const r = clean('<img src="https://cdn.example.com/a.png" width="300" alt="a"><img src="//cdn.example.com/b.png">');
    expect(r.hasRemoteContent).toBe(true);
    expect(r.html).toBe('<img width="300" alt="a" data-maeil-src="https://cdn.example.com/a.png" /><img data-maeil-src="https://cdn.example.com/b.png" />');
  });

  it("parks remote CSS backgrounds and legacy background attributes", () => {
    const r = clean('<td background="https://cdn.example.com/bg.jpg" style="background-image: url(\'https://cdn.example.com/bg2.jpg\'); color: #fff">x</td>');
    expect(r.hasRemoteContent).toBe(true);
    expect(r.html).not.toMatch(/\s(?:background|style)="[^"]*https:/);
    expect(r.html).toContain('style="color: #fff"');
    const loaded = allowRemoteContent(r.html);
    expect(loaded).toContain('background="https://cdn.example.com/bg.jpg"');
    expect(loaded).toContain('style="background-image: url(&quot;https://cdn.example.com/bg2.jpg&quot;); color: #fff"');
    expect(loaded).not.toContain("data-maeil-");
  });

  it("does not report anything when there is nothing remote", () => {
    expect(clean("<p>plain</p>").hasRemoteContent).toBe(false);
  });

  it("tracking pixels are blocked for good, and alone do not set hasRemoteContent", () => {
    const r = clean(
      '<img src="https://t.example/o.gif?id=1" width="1" height="1"><img src="https://t.example/p" style="width: 0px; height: 0px"><img src="https://t.example/q" style="display:none"><img src="https://t.example/r" height="0">',
    );
    expect(r.html).not.toContain("t.example");
    expect(r.hasRemoteContent).toBe(false);
    expect(allowRemoteContent(r.html)).not.toContain("t.example");
  });

  it("allowRemoteContent restores http(s) images only", () => {
    const r = clean('<p>hi</p><img src="https://cdn.example.com/a.png" alt="a">');
    expect(allowRemoteContent(r.html)).toBe('<p>hi</p><img alt="a" src="https://cdn.example.com/a.png" />');
    // Hand-crafted markers with other schemes are not honoured.
    expect(allowRemoteContent('<img data-maeil-src="javascript:alert(1)">')).toBe("<img />");
    // Re-sanitises anyway.
    expect(allowRemoteContent('<img data-maeil-src="https://x.example/a.png" onerror="alert(1)"><script>x</script>')).toBe(
      '<img src="https://x.example/a.png" />',
    );
  });

  it("allowRemoteContent keeps the app's own cid image URLs", () => {
    const r = clean('<img src="cid:logo@x">', (id) => `/api/parts/1.2?cid=${encodeURIComponent(id)}`);
    expect(r.html).toBe('<img src="/api/parts/1.2?cid=logo%40x" />');
    expect(allowRemoteContent(r.html)).toBe(r.html);
  });

  it("rewrites cid: in inline styles too, and drops unknown cids", () => {
    const r = clean('<div style="background: url(cid:bg@x)">a</div><img src="cid:missing@x">', (id) => (id === "bg@x" ? "/api/parts/2" : null));
    expect(r.html).toBe('<div style="background: url(&quot;/api/parts/2&quot;)">a</div><img />');
  });

  it("remote url() survives only where CSS paints an image (no SVG filters, masks, cursors)", () => {
    const r = clean(
      '<div style="filter: url(https://e.example/f.svg#f); color: red">a</div><div style="mask-image: url(https://e.example/m.png)">b</div><div style="cursor: url(https://e.example/c.cur), auto">c</div><div style="list-style-image: url(https://e.example/li.png)">d</div>',
    );
    expect(r.html).toBe(
      '<div style="color: red">a</div><div>b</div><div>c</div><div data-maeil-style="list-style-image: url(&quot;https://e.example/li.png&quot;)">d</div>',
    );
    expect(allowRemoteContent(r.html)).not.toMatch(/f\.svg|m\.png|c\.cur/);
  });

  it("keeps inline data: images in img src only", () => {
    expect(clean('<img src="data:image/png;base64,iVBORw0KGgo=">').html).toBe('<img src="data:image/png;base64,iVBORw0KGgo=" />');
    expect(clean('<div style="background: url(data:image/png;base64,iVBORw0KGgo=)">x</div>').html).toBe("<div>x</div>");
  });
});
