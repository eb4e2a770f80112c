import { describe, expect, it } from "vitest";
import { matchQuality, normaliseQuery, rankContacts, SENT_WEIGHT, useScore, type ContactCandidate } from "./contact-ranking";

const day = (n: number) => new Date(Date.UTC(2026, 0, n));
const contact = (address: string, over: Partial<ContactCandidate> = {}): ContactCandidate => ({
  address,
  name: "",
  sentCount: 0,
  receivedCount: 0,
  lastUsedAt: day(1),
  ...over,
});
const addresses = (list: ContactCandidate[]) => list.map((c) => c.address);

describe("useScore", () => {
  it("weighs mail sent to someone more than mail received from them", () => {
    expect(useScore({ sentCount: 1, receivedCount: 0 })).toBe(SENT_WEIGHT);
    expect(useScore({ sentCount: 1, receivedCount: 0 })).toBeGreaterThan(useScore({ sentCount: 0, receivedCount: SENT_WEIGHT - 1 }));
    expect(useScore({ sentCount: 2, receivedCount: 3 })).toBe(2 * SENT_WEIGHT + 3);
  });
});

describe("normaliseQuery", () => {
  it("ignores case, spaces and the start of a half-typed entry", () => {
    expect(normaliseQuery("  KIM ")).toBe("kim");
    expect(normaliseQuery('"Kim')).toBe("kim");
    expect(normaliseQuery("<kim@")).toBe("kim@");
    expect(normaliseQuery(" 홍길")).toBe("홍길");
  });
});

describe("matchQuality", () => {
  it("is 0 for a match at the start of a word of the address or the name", () => {
    expect(matchQuality(contact("kim.minsu@x.kr"), "kim")).toBe(0);
    expect(matchQuality(contact("kim.minsu@x.kr"), "minsu")).toBe(0);
    expect(matchQuality(contact("kim.minsu@mail.example.kr"), "mail")).toBe(0);
    expect(matchQuality(contact("kms@x.kr", { name: "Kim Minsu" }), "min")).toBe(0);
    expect(matchQuality(contact("hong@x.kr", { name: "홍길동" }), "홍길")).toBe(0);
    expect(matchQuality(contact("a+news@x.kr"), "news")).toBe(0);
  });

  it("is 1 for a match inside a word, -1 for none", () => {
    expect(matchQuality(contact("joakim@x.kr"), "kim")).toBe(1);
    expect(matchQuality(contact("hong@x.kr", { name: "홍길동" }), "길동")).toBe(1);
    expect(matchQuality(contact("lee@x.kr", { name: "Lee" }), "kim")).toBe(-1);
  });

  it("prefers a word start found later over an earlier mid-word match", () => {
    expect(matchQuality(contact("joakim.kim@x.kr"), "kim")).toBe(0);
  });
});

describe("rankContacts", () => {
  it("orders by use, sent mail weighing more than received", () => {
    const list = [
      contact("newsletter@kim.example", { receivedCount: 4 }),
      contact("kim@x.kr", { sentCount: 1 }),
      contact("kimchi@y.kr", { sentCount: 3, receivedCount: 10 }),
    ];
    expect(addresses(rankContacts(list, "kim", 10))).toEqual(["kimchi@y.kr", "kim@x.kr", "newsletter@kim.example"]);
  });

  it("puts word-start matches before mid-word matches, whatever their use", () => {
    const list = [contact("joakim@x.kr", { sentCount: 100 }), contact("kim@y.kr", { receivedCount: 1 })];
    expect(addresses(rankContacts(list, "kim", 10))).toEqual(["kim@y.kr", "joakim@x.kr"]);
  });

  it("breaks ties by recency, then alphabetically", () => {
    const list = [
      contact("kim.b@x.kr", { sentCount: 1, lastUsedAt: day(2) }),
      contact("kim.c@x.kr", { sentCount: 1, lastUsedAt: day(5) }),
      contact("kim.a@x.kr", { sentCount: 1, lastUsedAt: day(2) }),
    ];
    expect(addresses(rankContacts(list, "kim", 10))).toEqual(["kim.c@x.kr", "kim.a@x.kr", "kim.b@x.kr"]);
  });

  it("drops non-matches and addresses already in the field, and honours the limit", () => {
    const list = [contact("kim@x.kr"), contact("lee@x.kr"), contact("kim2@x.kr"), contact("kim3@x.kr")];
    expect(addresses(rankContacts(list, "KIM", 10, ["Kim@X.kr"]))).toEqual(["kim2@x.kr", "kim3@x.kr"]);
    expect(rankContacts(list, "kim", 2)).toHaveLength(2);
    expect(rankContacts(list, "   ", 10)).toEqual([]);
  });

  it("matches names in any script", () => {
    const list = [contact("gildong@x.kr", { name: "홍길동", sentCount: 1 }), contact("other@x.kr", { name: "김철수" })];
    expect(addresses(rankContacts(list, "홍", 10))).toEqual(["gildong@x.kr"]);
  });
});
