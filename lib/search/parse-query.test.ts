import { describe, expect, it } from "vitest";
import { isEmptyQuery, parseSearchQuery } from "./parse-query";

describe("parseSearchQuery", () => {
  it("separates words from operators", () => {
    const q = parseSearchQuery('budget from:kim subject:"quarterly report" has:attachment is:unread 회의');
    expect(q.words).toEqual(["budget", "회의"]);
    expect(q.from).toEqual(["kim"]);
    expect(q.subject).toEqual(["quarterly report"]);
    expect(q.hasAttachment).toBe(true);
    expect(q.unread).toBe(true);
    expect(q.problems).toEqual([]);
  });

  it("reads dates and reports what it cannot read", () => {
    const q = parseSearchQuery("after:2026-10-01 before:2026/11/5 is:purple before:yesterday");
    expect(q.after?.toISOString()).toBe("2026-10-01T00:00:00.000Z");
    expect(q.before?.toISOString()).toBe("2026-11-05T00:00:00.000Z");
    expect(q.problems).toEqual(["is:purple", "before:yesterday"]);
  });

  it("keeps unknown operators as words and knows an empty query", () => {
    expect(parseSearchQuery("re:budget").words).toEqual(["re:budget"]);
    expect(isEmptyQuery(parseSearchQuery("   "))).toBe(true);
    expect(isEmptyQuery(parseSearchQuery("is:flagged"))).toBe(false);
  });
});
