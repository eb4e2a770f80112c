/**
 * Turns the recorded SMTP dialogue of a submission (lib/smtp/send.ts TranscriptLine[]) into
 * steps a person can read: each command with the reply it got. With PIPELINING (RFC 2920) the
 * client sends MAIL FROM, every RCPT TO and DATA before the first reply arrives, so replies
 * are matched to commands in order, not by position. Pure: safe anywhere.
 */

/** One line of the dialogue, as lib/smtp/send.ts records it. */
export interface DialogueLine {
  at: string;
  from: "client" | "server";
  line: string;
}

export type StepKind = "greeting" | "ehlo" | "starttls" | "auth" | "mail" | "rcpt" | "data" | "message" | "rset" | "quit" | "other";

export interface DeliveryStep {
  kind: StepKind;
  /** What the client sent (null for the greeting and the end of the message text). */
  command: string | null;
  /** When the command was sent, or, without one, when the reply came. */
  at: string;
  /** The server's reply (several lines for a multi-line reply), or null when none came. */
  reply: string | null;
  repliedAt: string | null;
  /** The reply code (220, 250, 550, ...), or null. */
  code: number | null;
}

const VERBS: [RegExp, StepKind][] = [
  [/^(EHLO|HELO|LHLO)\b/i, "ehlo"],
  [/^STARTTLS\b/i, "starttls"],
  [/^AUTH\b/i, "auth"],
  [/^MAIL FROM:/i, "mail"],
  [/^RCPT TO:/i, "rcpt"],
  [/^DATA\b/i, "data"],
  [/^BDAT\b/i, "message"],
  [/^RSET\b/i, "rset"],
  [/^QUIT\b/i, "quit"],
];

const kindOf = (command: string): StepKind => VERBS.find(([re]) => re.test(command))?.[1] ?? "other";
const codeOf = (reply: string): number | null => Number(/^(\d{3})/.exec(reply)?.[1]) || null;

/** Groups a dialogue into steps: greeting, EHLO, AUTH, MAIL FROM, each RCPT TO, DATA, message, QUIT. */
export function deliverySteps(lines: readonly DialogueLine[]): DeliveryStep[] {
  const steps: DeliveryStep[] = [];
  const waiting: DeliveryStep[] = [];
  for (const entry of lines) {
    if (entry.from === "client") {
      const step: DeliveryStep = { kind: kindOf(entry.line), command: entry.line, at: entry.at, reply: null, repliedAt: null, code: null };
      steps.push(step);
      waiting.push(step);
      continue;
    }
    // A reply nobody asked for yet is the greeting (first) or unsolicited (e.g. a 421 before closing).
    let step = waiting.shift();
    if (!step) {
      step = { kind: steps.length ? "other" : "greeting", command: null, at: entry.at, reply: null, repliedAt: null, code: null };
      steps.push(step);
    }
    step.reply = entry.line;
    step.repliedAt = entry.at;
    step.code = codeOf(entry.line);
    // After "354 go ahead" the message text is sent; its end gets the final reply with the queue id.
    if (step.kind === "data" && step.code === 354) {
      const body: DeliveryStep = { kind: "message", command: null, at: entry.at, reply: null, repliedAt: null, code: null };
      steps.push(body);
      waiting.unshift(body);
    }
  }
  return steps;
}

/** The queue id in a final "250 2.0.0 Ok: queued as 4XyZ" reply (Postfix, Exim, Sendmail and most others), or null. */
export function queueIdOf(reply: string | null | undefined): string | null {
  const match = /queued as\s+([A-Za-z0-9._-]+)/i.exec(reply ?? "") ?? /\bid=([A-Za-z0-9._-]+)/i.exec(reply ?? "");
  return match?.[1] ?? null;
}
