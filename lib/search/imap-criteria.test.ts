import { describe, expect, it } from "vitest";
import { imapCriteria } from "./imap-criteria";
import { parseSearchQuery } from "./parse-query";

describe("imapCriteria", () => {
  it("ANDs operators at one level", () => {
    expect(imapCriteria(parseSearchQuery("from:kim is:unread 보고서 after:2026-10-01"))).toEqual({
      text: "보고서",
      from: "kim",
      seen: false,
      since: new Date(Date.UTC(2026, 9, 1)),
    });
  });

  it("puts a repeated key one level down as NOT NOT, which keeps the AND", () => {
    expect(imapCriteria(parseSearchQuery("budget 2027 plan"))).toEqual({
      text: "budget",
      not: { not: { text: "2027", not: { not: { text: "plan" } } } },
    });
  });

  it("has:attachment asks for multipart/mixed", () => {
    expect(imapCriteria(parseSearchQuery("has:attachment"))).toEqual({ header: { "content-type": "multipart/mixed" } });
  });
});
