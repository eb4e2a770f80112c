// parseMessage's last resort: when mailparser refuses a message even after the repairs and limits,
// the headers and the first text part still come back (read by our own MIME walk).
import { describe, expect, it, vi } from "vitest";

vi.mock("mailparser", async (importOriginal) => {
  const real = await importOriginal<typeof import("mailparser")>();
  let calls = 0;
  // The first two parses (prepared source, then raw source) fail; the header-only one works.
  return { ...real, simpleParser: (...args: Parameters<typeof real.simpleParser>) => (++calls <= 2 ? Promise.reject(new Error("refused")) : real.simpleParser(...args)) };
});

const { parseMessage } = await import("./parse-message");

describe("parseMessage when mailparser refuses the message", () => {
  it("still returns the headers and the first text part, decoded", async () => {
    const raw = Buffer.from(
      'From: "Kim" <kim@example.kr>\r\nSubject: =?utf-8?B?7ZWc6riA?=\r\nDate: Tue, 4 Mar 2025 09:15:00 +0900\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nCaf\xc3\xa9 \x00ok\r\n--b--\r\n',
      "latin1",
    );
    const m = await parseMessage(raw);
    expect(m.subject).toBe("한글");
    expect(m.from).toEqual({ name: "Kim", address: "kim@example.kr" });
    expect(m.date?.toISOString()).toBe("2025-03-04T00:15:00.000Z");
    expect(m.text).toBe("Café ok");
    expect(m.snippet).toBe("Café ok");
    expect(m.attachments).toEqual([]);
  });
});
