// Every real-world-style fixture in tests/fixtures/mime/ against the hand-written expectations in
// tests/fixtures/mime/expected.json (see tests/fixtures/mime/README.md).
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { MailAddress } from "./types";
import { parseMessage } from "./parse-message";

interface Expectation {
  subject: string;
  from: MailAddress | null;
  /** A substring of the decoded text... */
  text?: string;
  /** ...or the whole of it. */
  textExact?: string;
  /** File names of all attachments (inline images included), in part order. */
  attachments: string[];
  /** File names of the attachments shown inside the HTML. */
  inline?: string[];
  /** A substring of the sanitised HTML. */
  html?: string;
  date?: string;
  to?: MailAddress[];
  cc?: MailAddress[];
}

const dir = new URL("../../tests/fixtures/mime/", import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".eml"))
  .sort();
const expected = JSON.parse(readFileSync(new URL("expected.json", dir), "utf8")) as Record<string, Expectation>;

describe("real-world corpus", () => {
  it("has at least 60 fixtures, and expectations for exactly those", () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  it.each(files)("%s", async (file) => {
    const want = expected[file]!;
    const m = await parseMessage(readFileSync(new URL(file, dir)), { cidUrl: (_cid, part) => `/api/messages/1/parts/${part}` });
    expect(m.subject).toBe(want.subject);
    expect(m.from).toEqual(want.from);
    if (want.textExact !== undefined) expect(m.text).toBe(want.textExact);
    else expect(m.text).toContain(want.text);
    expect(m.attachments.map((a) => a.filename)).toEqual(want.attachments);
    expect(m.attachments.filter((a) => a.inline).map((a) => a.filename)).toEqual(want.inline ?? []);
    if (want.html !== undefined) expect(m.html).toContain(want.html);
    if (want.date) expect(m.date?.toISOString()).toBe(want.date);
    if (want.to) expect(m.to).toEqual(want.to);
    if (want.cc) expect(m.cc).toEqual(want.cc);

    // Whatever the fixture, decoding must not have failed visibly: no replacement characters, no
    // UTF-8 read as Latin-1 ("Ã©", "â€“"), no EUC-KR read as Latin-1 ("ÇÑ±Û").
    const shown = [m.subject, m.from?.name ?? "", m.text, ...m.to.map((a) => a.name), ...m.attachments.map((a) => a.filename)].join("\n");
    expect(shown).not.toContain("\ufffd");
    expect(shown).not.toMatch(/[ÃÂ][\u0080-\u00bf]|â€/);
    expect(shown).not.toMatch(/[\u00c0-\u00ff][\u00a1-\u00fe][\u00c0-\u00ff][\u00a1-\u00fe]/);
    // The snippet is the text's preview, and the HTML (when there is one) is never raw.
    expect(m.snippet.length).toBeLessThanOrEqual(200);
    if (m.text.trim()) expect(m.snippet).not.toBe("");
    if (m.html !== null) expect(m.html).not.toMatch(/<script|\son[a-z]+\s*=/i);
  });
});
