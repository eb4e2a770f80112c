import { describe, expect, it } from "vitest";
import { searchDocument, wordToTsquery, wordsToTsquery } from "./search-text";

describe("searchDocument", () => {
  it("turns Korean runs into overlapping bigrams and leaves Latin words alone", () => {
    expect(searchDocument("회의실에서 Meeting").trim().split(/\s+/)).toEqual(["회의", "의실", "실에", "에서", "meeting"]);
  });

  it("handles Japanese and Chinese the same way, and folds full-width letters", () => {
    expect(searchDocument("会議のお知らせ").trim().split(/\s+/)).toEqual(["会議", "議の", "のお", "お知", "知ら", "らせ"]);
    expect(searchDocument("ＡＢＣ")).toBe("abc");
  });
});

describe("wordToTsquery", () => {
  it("makes Latin words prefix matches", () => {
    expect(wordToTsquery("Report")).toBe("'report':*");
  });

  it("makes Korean words an exact bigram phrase", () => {
    expect(wordToTsquery("회의실")).toBe("'회의' <-> '의실'");
    expect(wordToTsquery("회")).toBe("'회':*");
  });

  it("keeps mixed words in order and escapes quotes", () => {
    expect(wordToTsquery("Q4로드맵")).toBe("('q4':* <-> '로드' <-> '드맵')");
    expect(wordToTsquery("o'brien")).toBe("('o':* <-> 'brien':*)");
    expect(wordToTsquery("!!!")).toBeNull();
  });

  it("can restrict matches to one weight (the subject)", () => {
    expect(wordsToTsquery(["plan", "회의실"], "A")).toBe("'plan':*A & '회의':A <-> '의실':A");
  });

  it("ANDs several words", () => {
    expect(wordsToTsquery(["budget", "예산"])).toBe("'budget':* & '예산'");
    expect(wordsToTsquery(["..."])).toBeNull();
  });
});
