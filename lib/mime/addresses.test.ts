import { describe, expect, it } from "vitest";
import { formatAddress, isValidEmailAddress, parseAddressList } from "./addresses";

describe("isValidEmailAddress", () => {
  it.each(["kim@example.kr", "first.last+tag@mail.example.co.kr", "kim@사랑.kr", "사용자@example.kr", "o'neil@example.ie", "x@xn--9i1b4s.kr"])(
    "accepts %s",
    (a) => expect(isValidEmailAddress(a)).toBe(true),
  );
  it.each([
    "", "kim", "kim@", "@example.kr", "kim@@example.kr", "a@b@example.kr", "kim @example.kr", "kim@exa mple.kr",
    "kim@localhost", "kim@example", ".kim@example.kr", "kim.@example.kr", "k..im@example.kr", "kim@-example.kr",
    "kim@example..kr", "kim@1.2.3.4", '"quoted"@example.kr', "kim@example.kr\n", "a".repeat(65) + "@example.kr",
  ])("rejects %j", (a) => expect(isValidEmailAddress(a)).toBe(false));
});

describe("parseAddressList", () => {
  it("parses names, bare addresses, commas and semicolons", () => {
    expect(parseAddressList('Kim <kim@x.kr>, bob@y.com; "Lee, J" <j@x.kr>')).toEqual({
      addresses: [
        { name: "Kim", address: "kim@x.kr" },
        { name: "", address: "bob@y.com" },
        { name: "Lee, J", address: "j@x.kr" },
      ],
      invalid: [],
    });
  });

  it("flattens groups and splits space-separated addresses", () => {
    expect(parseAddressList("Team: a@x.kr, b@x.kr;, c@y.com d@y.com").addresses.map((a) => a.address)).toEqual([
      "a@x.kr", "b@x.kr", "c@y.com", "d@y.com",
    ]);
  });

  it("reports invalid entries and drops duplicates and empty pieces", () => {
    expect(parseAddressList("kim@x.kr, not an address, , KIM@x.kr, foo@, 김철수 <kim@사랑.kr>")).toEqual({
      addresses: [
        { name: "", address: "kim@x.kr" },
        { name: "김철수", address: "kim@사랑.kr" },
      ],
      invalid: ["not an address", "foo@"],
    });
  });

  it("handles empty input", () => {
    expect(parseAddressList("")).toEqual({ addresses: [], invalid: [] });
    expect(parseAddressList(" ,; ")).toEqual({ addresses: [], invalid: [] });
  });
});

describe("formatAddress", () => {
  it("formats with and without names, quoting specials", () => {
    expect(formatAddress({ name: "", address: "kim@x.kr" })).toBe("kim@x.kr");
    expect(formatAddress({ name: "김철수", address: "kim@x.kr" })).toBe("김철수 <kim@x.kr>");
    expect(formatAddress({ name: "Kim, Minji", address: "m@x.kr" })).toBe('"Kim, Minji" <m@x.kr>');
    expect(formatAddress({ name: 'Say "hi"', address: "h@x.kr" })).toBe('"Say \\"hi\\"" <h@x.kr>');
    expect(formatAddress({ name: "J. Lee", address: "j@x.kr" })).toBe('"J. Lee" <j@x.kr>');
  });

  it("round-trips through parseAddressList", () => {
    const list = [
      { name: "Kim, Minji", address: "m@x.kr" },
      { name: 'Say "hi"', address: "h@x.kr" },
      { name: "", address: "b@y.com" },
    ];
    expect(parseAddressList(list.map(formatAddress).join(", ")).addresses).toEqual(list);
  });
});
