import { describe, expect, it } from "vitest";
import { formatBytes, limitBytesOf, limitExceededMessage, splitByLimit, totalBytes } from "./attachment-limit";

const MB = 1024 * 1024;

describe("formatBytes", () => {
  it("uses binary units with at most one decimal", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(900)).toBe("900 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(25 * MB)).toBe("25 MB");
    expect(formatBytes(4.26 * MB)).toBe("4.3 MB");
    expect(formatBytes(3 * 1024 * MB)).toBe("3 GB");
  });
});

describe("the attachment limit", () => {
  it("turns MAEIL_ATTACHMENT_LIMIT_MB into bytes", () => {
    expect(limitBytesOf(25)).toBe(25 * MB);
    expect(limitBytesOf(0.5)).toBe(512 * 1024);
  });

  it("accepts picked files in order while they fit and refuses the rest", () => {
    const files = [
      { name: "a.pdf", size: 20 * MB },
      { name: "b.mov", size: 10 * MB },
      { name: "c.txt", size: 1024 },
    ];
    const { accepted, rejected } = splitByLimit(files, 2 * MB, 25 * MB);
    expect(accepted.map((f) => f.name)).toEqual(["a.pdf", "c.txt"]);
    expect(rejected.map((f) => f.name)).toEqual(["b.mov"]);
  });

  it("allows a total of exactly the limit", () => {
    expect(splitByLimit([{ size: 5 }], 20, 25).accepted).toHaveLength(1);
    expect(splitByLimit([{ size: 6 }], 20, 25).rejected).toHaveLength(1);
  });

  it("sums what is attached", () => {
    expect(totalBytes([{ size: 3 }, { size: 4 }])).toBe(7);
    expect(totalBytes([])).toBe(0);
  });

  it("names the file, the limit and what is already attached", () => {
    expect(limitExceededMessage("x.zip", 25 * MB, 24 * MB)).toBe(`"x.zip" does not fit: a message's attachments may total at most 25 MB (24 MB is already attached).`);
    expect(limitExceededMessage("x.zip", 25 * MB, 0)).toBe(`"x.zip" does not fit: a message's attachments may total at most 25 MB.`);
  });
});
