import { describe, expect, it } from "vitest";
import { deliverySteps, queueIdOf, type DialogueLine } from "./delivery-transcript";

const at = (s: number) => `2026-01-01T00:00:${String(s).padStart(2, "0")}.000Z`;
const c = (s: number, line: string): DialogueLine => ({ at: at(s), from: "client", line });
const r = (s: number, line: string): DialogueLine => ({ at: at(s), from: "server", line });

describe("deliverySteps", () => {
  it("pairs pipelined commands with their replies in order (as Postfix answers nodemailer)", () => {
    const steps = deliverySteps([
      r(0, "220 mail.example.test ESMTP"),
      c(1, "EHLO [127.0.0.1]"),
      r(2, "250-mail.example.test\n250-PIPELINING\n250 DSN"),
      c(3, "AUTH PLAIN AGFsaWNlAC8qIHNlY3JldCAqLw=="),
      r(4, "235 2.7.0 Authentication successful"),
      c(5, "MAIL FROM:<alice@example.test>"),
      c(5, "RCPT TO:<bob@example.test>"),
      c(5, "RCPT TO:<nobody@example.test>"),
      c(5, "DATA"),
      r(6, "250 2.1.0 Ok"),
      r(6, "250 2.1.5 Ok"),
      r(6, "550 5.1.1 <nobody@example.test>: Recipient address rejected"),
      r(6, "354 End data with <CR><LF>.<CR><LF>"),
      r(7, "250 2.0.0 Ok: queued as 4AbC12"),
      c(8, "QUIT"),
    ]);
    expect(steps.map((s) => [s.kind, s.command, s.code])).toEqual([
      ["greeting", null, 220],
      ["ehlo", "EHLO [127.0.0.1]", 250],
      ["auth", "AUTH PLAIN AGFsaWNlAC8qIHNlY3JldCAqLw==", 235],
      ["mail", "MAIL FROM:<alice@example.test>", 250],
      ["rcpt", "RCPT TO:<bob@example.test>", 250],
      ["rcpt", "RCPT TO:<nobody@example.test>", 550],
      ["data", "DATA", 354],
      ["message", null, 250],
      ["quit", "QUIT", null],
    ]);
    expect(steps[5]!.reply).toContain("Recipient address rejected");
    expect(steps[7]!.repliedAt).toBe(at(7));
    expect(steps[8]!.reply).toBeNull();
    expect(queueIdOf(steps[7]!.reply)).toBe("4AbC12");
  });

  it("keeps a reply nobody asked for as its own step", () => {
    const steps = deliverySteps([r(0, "220 hi"), c(1, "EHLO x"), r(1, "250 ok"), r(9, "421 4.4.2 timeout")]);
    expect(steps.map((s) => s.kind)).toEqual(["greeting", "ehlo", "other"]);
    expect(steps[2]!.code).toBe(421);
  });

  it("is empty for no dialogue, and finds no queue id where there is none", () => {
    expect(deliverySteps([])).toEqual([]);
    expect(queueIdOf("250 2.0.0 Ok")).toBeNull();
    expect(queueIdOf(null)).toBeNull();
  });
});
