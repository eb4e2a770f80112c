import { describe, expect, it } from "vitest";
import { ko } from "@/lib/i18n/ko";
import {
  checkAddrSpec,
  checkRecipientField,
  describeAddressProblem,
  describeEntryProblem,
  formatRecipient,
  hasOpenGroup,
  joinRecipientEntries,
  lastSeparatorIndex,
  parseRecipientEntry,
  parseRecipientField,
  splitRecipientField,
  type AddressProblemCode,
} from "./address-syntax";

describe("checkAddrSpec: valid addresses", () => {
  const valid = [
    "kim@example.kr",
    "john.smith@example.com",
    "JOHN.SMITH@EXAMPLE.COM",
    "first.middle.last@mail.example.co.uk",
    "user+tag@gmail.com",
    "user+tag+more@sub.example.org",
    "o'brien@example.ie",
    "x@example.io",
    "a.b-c_d@example-domain.com",
    "1234567890@example.com",
    "_somename@example.com",
    "!#$%&'*+-/=?^_`{|}~@example.org",
    "user@xn--mnchen-3ya.de",
    "user@münchen.de",
    "홍길동@도메인.한국",
    "테스트@example.kr",
    "사용자@사랑.kr",
    "δοκιμή@παράδειγμα.δοκιμή",
    "用户@例子.广告",
    "アカウント@例え.jp",
    "Pelé@example.com",
    "user@bücher.example",
    "user@ＥＸＡＭＰＬＥ.com",
    "postmaster@a.b",
    "\"john doe\"@example.com",
    "\"very.(),:;<>[]\\\".VERY.\\\"very@\\\\ \\\"very\\\".unusual\"@strange.example.com",
    "\"\"@example.org",
    "ops@[192.0.2.1]",
    "ops@[IPv6:2001:db8::1]",
    "user@sub-domain.example-1.com",
    "user@123.example.com",
    "user@example.xn--3e0b707e",
    `${"a".repeat(64)}@example.com`,
    `user@${"a".repeat(63)}.com`,
    "user@도메인。한국",
  ];
  it.each(valid)("accepts %s", (address) => {
    expect(checkAddrSpec(address)).toBeNull();
  });
});

describe("checkAddrSpec: invalid addresses, each with its reason", () => {
  const invalid: [string, AddressProblemCode, string?][] = [
    ["", "missingAt"],
    ["plainaddress", "missingAt"],
    ["example.com", "missingAt"],
    ["@example.com", "missingLocal"],
    ["user@", "missingDomain"],
    ["a@b@c.com", "multipleAt"],
    ["user@@example.com", "multipleAt"],
    ["john doe@example.com", "space"],
    ["user@exa mple.com", "space"],
    [".user@example.com", "localDots"],
    ["user.@example.com", "localDots"],
    ["us..er@example.com", "localDots"],
    ["us,er@example.com", "localChar", ","],
    ["us(er@example.com", "localChar", "("],
    ["us[er]@example.com", "localChar", "["],
    ["us\\er@example.com", "localChar", "\\"],
    ["us:er@example.com", "localChar", ":"],
    ["\"unclosed@example.com", "unclosedQuote"],
    ["\"quoted\"x@example.com", "localChar", "x"],
    ["\"quoted\"", "missingAt"],
    [`${"a".repeat(65)}@example.com`, "localTooLong"],
    [`${"가".repeat(22)}@example.com`, "localTooLong"],
    ["user@gmail", "domainNoDot", "gmail"],
    ["user@localhost", "domainNoDot", "localhost"],
    ["user@example.com.", "domainDots", "example.com."],
    ["user@.example.com", "domainDots"],
    ["user@example..com", "domainDots"],
    ["user@-example.com", "domainHyphen", "-example"],
    ["user@example-.com", "domainHyphen", "example-"],
    ["user@exam_ple.com", "domainChar", "_"],
    ["user@example!.com", "domainChar", "!"],
    ["user@exa%41mple.com", "domainChar", "%"],
    ["user@example.com/path", "domainChar", "/"],
    ["user@example.com:25", "domainChar", ":"],
    ["user@192.168.0.1", "domainNumeric", "1"],
    ["user@example.123", "domainNumeric", "123"],
    ["user@example.0x1f", "domainNumeric", "0x1f"],
    ["user@[300.1.1.1]", "domainLiteral", "[300.1.1.1]"],
    ["user@[IPv6:zz::1]", "domainLiteral"],
    ["user@[example.com]", "domainLiteral"],
    [`user@${"a".repeat(64)}.com`, "labelTooLong"],
    [`user@${Array.from({ length: 60 }, () => "abcd").join(".")}.com`, "domainTooLong"],
    ["user@xn--a.com", "domainIdn", "xn--a.com"],
    ["us\u0000er@example.com", "control"],
    ["user@exam\u202eple.com", "control"],
    ["user\u200f@example.com", "control"],
  ];
  it.each(invalid)("rejects %j as %s", (address, code, detail) => {
    const problem = checkAddrSpec(address);
    expect(problem?.code).toBe(code);
    if (detail !== undefined) expect(problem?.detail).toBe(detail);
  });

  it("counts UTF-8 bytes, not characters, for the 254-byte limit", () => {
    const local = "가".repeat(21); // 63 bytes
    const domain = `${"나".repeat(16)}.${"다".repeat(16)}.${"라".repeat(16)}.${"마".repeat(16)}.kr`; // 199 bytes
    expect(checkAddrSpec(`${local}@${domain}`)?.code).toBe("addressTooLong");
  });
});

describe("splitRecipientField", () => {
  it("splits at commas, semicolons and line breaks", () => {
    expect(splitRecipientField("a@x.kr, b@y.kr; c@z.kr\nd@w.kr\r\ne@v.kr")).toEqual(["a@x.kr", "b@y.kr", "c@z.kr", "d@w.kr", "e@v.kr"]);
  });

  it("keeps quoted names with commas and semicolons whole", () => {
    expect(splitRecipientField('"Lee, Ann" <ann@y.com>, "Park; Jiho" <jiho@z.kr>')).toEqual([
      '"Lee, Ann" <ann@y.com>',
      '"Park; Jiho" <jiho@z.kr>',
    ]);
  });

  it("keeps escaped quotes inside a quoted name", () => {
    expect(splitRecipientField('"The \\"Boss\\", Sr." <boss@x.com>, b@y.kr')).toEqual(['"The \\"Boss\\", Sr." <boss@x.com>', "b@y.kr"]);
  });

  it("keeps commas inside comments and angle brackets in their entry", () => {
    expect(splitRecipientField("kim@x.kr (Kim, Minsu), lee@y.kr")).toEqual(["kim@x.kr (Kim, Minsu)", "lee@y.kr"]);
    expect(splitRecipientField("Odd <a,b@x.kr>, c@y.kr")).toEqual(["Odd <a,b@x.kr>", "c@y.kr"]);
  });

  it("drops empty entries and surrounding spaces", () => {
    expect(splitRecipientField("  , a@x.kr ,, ;\n , b@y.kr,  ")).toEqual(["a@x.kr", "b@y.kr"]);
    expect(splitRecipientField("")).toEqual([]);
    expect(splitRecipientField(" \n ")).toEqual([]);
  });

  it("splits bare addresses separated only by spaces", () => {
    expect(splitRecipientField("a@x.kr b@y.kr\tc@z.kr")).toEqual(["a@x.kr", "b@y.kr", "c@z.kr"]);
    // ...but not a name followed by an address (that is one invalid entry, not a guess).
    expect(splitRecipientField("Kim kim@x.kr")).toEqual(["Kim kim@x.kr"]);
  });

  it("lets an unclosed quote spoil only its own entry", () => {
    expect(splitRecipientField('"Kim, a@x.kr, b@y.kr')).toEqual(['"Kim', "a@x.kr", "b@y.kr"]);
    expect(splitRecipientField("Kim <kim@x.kr, b@y.kr")).toEqual(["Kim <kim@x.kr", "b@y.kr"]);
  });

  it("round-trips through joinRecipientEntries", () => {
    const field = '"Lee, Ann" <ann@y.com>, 홍길동 <hong@도메인.한국>, bad@, c@z.kr';
    expect(joinRecipientEntries(splitRecipientField(field))).toBe(field);
    expect(joinRecipientEntries(["  a@x.kr ", "", "b@y.kr"])).toBe("a@x.kr, b@y.kr");
  });
});

describe("parseRecipientEntry", () => {
  it("reads the common forms", () => {
    expect(parseRecipientEntry("kim@x.kr")).toEqual({ text: "kim@x.kr", name: "", address: "kim@x.kr", problem: null });
    expect(parseRecipientEntry("Kim Minsu <kim@x.kr>")).toMatchObject({ name: "Kim Minsu", address: "kim@x.kr", problem: null });
    expect(parseRecipientEntry('"Lee, Ann" <ann@y.com>')).toMatchObject({ name: "Lee, Ann", address: "ann@y.com", problem: null });
    expect(parseRecipientEntry("<bare@x.kr>")).toMatchObject({ name: "", address: "bare@x.kr", problem: null });
    expect(parseRecipientEntry("홍길동 <홍길동@도메인.한국>")).toMatchObject({ name: "홍길동", address: "홍길동@도메인.한국", problem: null });
    expect(parseRecipientEntry("kim@x.kr (Kim Minsu)")).toMatchObject({ name: "Kim Minsu", address: "kim@x.kr", problem: null });
    expect(parseRecipientEntry("Kim J. Lee <kjl@x.kr>")).toMatchObject({ name: "Kim J. Lee", address: "kjl@x.kr", problem: null });
    expect(parseRecipientEntry("'bob@x.com' <bob@x.com>")).toMatchObject({ name: "'bob@x.com'", address: "bob@x.com", problem: null });
    expect(parseRecipientEntry('"The \\"Boss\\"" <boss@x.com>')).toMatchObject({ name: 'The "Boss"', address: "boss@x.com", problem: null });
    expect(parseRecipientEntry("Kim < kim@x.kr > (work)")).toMatchObject({ name: "Kim", address: "kim@x.kr", problem: null });
  });

  const bad: [string, AddressProblemCode][] = [
    ["Kim <kim@x.kr", "unclosedAngle"],
    ["Kim kim@x.kr>", "strayAngle"],
    ['"Kim <kim@x.kr>', "unclosedQuote"],
    ["(Kim <kim@x.kr>", "unclosedParen"],
    ["Kim <kim@x.kr> extra", "textAfterAddress"],
    ["Kim <kim@x.kr> <lee@y.kr>", "textAfterAddress"],
    ["Kim <>", "emptyAngle"],
    ["Kim Minsu", "missingAt"],
    ['"Kim Minsu"', "missingAt"],
    ["Kim kim@x.kr", "space"],
    ["Kim <kim@gmail>", "domainNoDot"],
    ["Kim <kim@x..kr>", "domainDots"],
    ["Kim\u0007 <kim@x.kr>", "control"],
  ];
  it.each(bad)("marks %j as %s", (text, code) => {
    expect(parseRecipientEntry(text).problem?.code).toBe(code);
  });

  it("keeps the text exactly as typed (trimmed), valid or not", () => {
    expect(parseRecipientEntry("  bad@  ").text).toBe("bad@");
    expect(parseRecipientEntry(" Kim <kim@x.kr> ").text).toBe("Kim <kim@x.kr>");
  });
});

describe("parseRecipientField", () => {
  it("gives each entry its own verdict", () => {
    const entries = parseRecipientField('Kim <kim@x.kr>, bad@, "Lee, Ann" <ann@y.com>; user@gmail');
    expect(entries.map((e) => [e.text, e.problem?.code ?? null])).toEqual([
      ["Kim <kim@x.kr>", null],
      ["bad@", "missingDomain"],
      ['"Lee, Ann" <ann@y.com>', null],
      ["user@gmail", "domainNoDot"],
    ]);
  });
});

describe("hasOpenGroup", () => {
  it("is true while a quote, comment or angle bracket is open", () => {
    expect(hasOpenGroup('"Lee')).toBe(true);
    expect(hasOpenGroup('"Lee, Ann"')).toBe(false);
    expect(hasOpenGroup("Ann <ann@y")).toBe(true);
    expect(hasOpenGroup("Ann <ann@y.com>")).toBe(false);
    expect(hasOpenGroup("ann@y.com (Ann")).toBe(true);
    expect(hasOpenGroup("ann@y.com")).toBe(false);
  });
});

describe("lastSeparatorIndex", () => {
  it("finds the last separator outside quotes, comments and angle brackets", () => {
    expect(lastSeparatorIndex("a@x.kr")).toBe(-1);
    expect(lastSeparatorIndex('"Lee, Ann" ')).toBe(-1);
    expect(lastSeparatorIndex('"Lee, Ann" <ann@y.com>,')).toBe(22);
    expect(lastSeparatorIndex("a@x.kr, b@y.kr; c")).toBe(14);
    // An unclosed comment is no group: its comma separates.
    expect(lastSeparatorIndex("a@x.kr (Kim, M")).toBe(11);
  });
});

describe("describing problems", () => {
  it("says what is wrong in English, naming the offending part", () => {
    expect(describeAddressProblem({ code: "domainNoDot", detail: "gmail" })).toBe("The domain “gmail” is incomplete: it needs a dot, like example.com.");
    expect(describeAddressProblem({ code: "localChar", detail: "," })).toBe("“,” is not allowed before the “@”.");
    expect(describeEntryProblem(parseRecipientEntry("bob@"))).toBe("“bob@”: The domain after the “@” is missing.");
    expect(describeEntryProblem(parseRecipientEntry("bob@x.kr"))).toBeNull();
  });

  it("has an English and a Korean text for every problem code", () => {
    const codes = Object.keys(ko.recipients.problems);
    for (const code of codes) {
      expect(describeAddressProblem({ code: code as AddressProblemCode, detail: "x" })).not.toMatch(/recipients\.problems/);
      expect(ko.recipients.problems[code as keyof typeof ko.recipients.problems]).toMatch(/[가-힣]/);
    }
  });
});

describe("formatRecipient", () => {
  it("quotes names with specials and round-trips through parseRecipientEntry", () => {
    expect(formatRecipient("", "kim@x.kr")).toBe("kim@x.kr");
    expect(formatRecipient("Kim Minsu", "kim@x.kr")).toBe("Kim Minsu <kim@x.kr>");
    expect(formatRecipient("홍길동", "hong@도메인.한국")).toBe("홍길동 <hong@도메인.한국>");
    for (const name of ["Lee, Ann", 'The "Boss"', "a\\b", "Kim J. Lee", "x@y.z"]) {
      const entry = parseRecipientEntry(formatRecipient(name, "p@x.kr"));
      expect(entry).toMatchObject({ name, address: "p@x.kr", problem: null });
    }
  });
});

describe("checkRecipientField", () => {
  it("returns the addresses to send to and an error per bad entry", () => {
    expect(checkRecipientField('Kim <kim@x.kr>, bad@, "Lee, Ann" <ann@y.com>; KIM@x.kr, 홍길동@도메인.한국, user@gmail')).toEqual({
      addresses: [
        { name: "Kim", address: "kim@x.kr" },
        { name: "Lee, Ann", address: "ann@y.com" },
        { name: "", address: "홍길동@도메인.한국" },
      ],
      errors: [
        "“bad@”: The domain after the “@” is missing.",
        "“user@gmail”: The domain “gmail” is incomplete: it needs a dot, like example.com.",
      ],
    });
    expect(checkRecipientField("  ")).toEqual({ addresses: [], errors: [] });
  });
});
