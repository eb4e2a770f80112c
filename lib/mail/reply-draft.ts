/**
 * What the compose form starts with for a reply, reply-all or forward:
 * recipients, subject, the quoted original and the threading headers.
 */
import { escapeHtml, textToEditorHtml } from "@/lib/compose/editor-text";
import type { MailAddress } from "@/lib/mime/types";

/** "attach": forward with the original as a message/rfc822 attachment instead of inline. */
export type ReplyMode = "reply" | "all" | "forward" | "attach";

export interface OriginalMessage {
  messageId: string | null;
  subject: string;
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  replyTo: MailAddress[];
  references: string[];
  date: Date;
  text: string;
  /** The original's (already sanitised) HTML, when it has one. */
  html?: string | null;
}

export interface ReplyDraft {
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  body: string;
  /** The same draft for the rich-text editor: the original in a <blockquote>, or below the forward header. */
  bodyHtml: string;
  inReplyTo: string | null;
  references: string[];
}

// Prefixes other clients use, in English, German, Nordic, Chinese and Korean.
const REPLY_PREFIX = /^\s*(re|aw|sv|antw|回复|답장|회신)\s*(\[\d+\])?\s*[:：]/i;
const FORWARD_PREFIX = /^\s*(fwd?|fw|wg|tr|转发|전달)\s*[:：]/i;

/** "Re: x" for a reply, never "Re: Re: x"; "Fwd: x" for a forward, never "Fwd: Fwd: x". */
export function replySubject(subject: string, mode: ReplyMode): string {
  const trimmed = subject.trim();
  if (mode === "forward" || mode === "attach") return FORWARD_PREFIX.test(trimmed) ? trimmed : `Fwd: ${trimmed}`;
  return REPLY_PREFIX.test(trimmed) ? trimmed : `Re: ${trimmed}`;
}

const label = (a: MailAddress) => (a.name ? `${a.name} <${a.address}>` : a.address);

/** Every line of the original, quoted ("> ") the way RFC 3676 readers fold it. */
function quote(text: string): string {
  return text.replace(/\r\n/g, "\n").replace(/\s+$/, "").split("\n").map((line) => (line.startsWith(">") ? `>${line}` : `> ${line}`)).join("\n");
}

/** The original as HTML: its own HTML, or its text with line breaks kept. */
function originalHtml(original: OriginalMessage): string {
  return original.html || textToEditorHtml(original.text);
}

/**
 * Builds the draft. Reply goes to Reply-To (else From); reply-all adds the
 * original To and Cc, without the user's own addresses and without
 * duplicates. In-Reply-To and References follow RFC 5322 3.6.4.
 */
export function buildReplyDraft(
  original: OriginalMessage,
  mode: ReplyMode,
  me: string[],
  formatDate: (date: Date) => string,
): ReplyDraft {
  const mine = new Set(me.map((a) => a.toLowerCase()));
  const seen = new Set<string>();
  const keep = (list: MailAddress[]) =>
    list.filter((a) => {
      const key = a.address.toLowerCase();
      if (!key || mine.has(key) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const threading = {
    inReplyTo: original.messageId,
    references: original.messageId ? [...original.references.filter((r) => r !== original.messageId), original.messageId] : original.references,
  };
  const subject = replySubject(original.subject, mode);
  if (mode === "forward" || mode === "attach") {
    const header = [
      "---------- Forwarded message ---------",
      `From: ${original.from ? label(original.from) : ""}`,
      `Date: ${formatDate(original.date)}`,
      `Subject: ${original.subject}`,
      `To: ${original.to.map(label).join(", ")}`,
      ...(original.cc.length ? [`Cc: ${original.cc.map(label).join(", ")}`] : []),
    ].join("\n");
    if (mode === "attach") return { to: [], cc: [], subject, body: "", bodyHtml: "", ...threading };
    const headerHtml = `<p>${header.split("\n").map(escapeHtml).join("<br>")}</p>`;
    return {
      to: [],
      cc: [],
      subject,
      body: `\n\n${header}\n\n${original.text.replace(/\r\n/g, "\n")}`,
      bodyHtml: `<p></p>${headerHtml}${originalHtml(original)}`,
      ...threading,
    };
  }
  const author = original.replyTo.length ? original.replyTo : original.from ? [original.from] : [];
  // Replying to one's own sent message goes to its recipients, as other clients do.
  const fromMe = original.from !== null && mine.has(original.from.address.toLowerCase());
  const to = keep(fromMe ? original.to : author);
  const cc = mode === "all" ? keep([...(fromMe ? [] : original.to), ...original.cc]) : [];
  const who = original.from ? label(original.from) : "";
  const attribution = `On ${formatDate(original.date)}, ${who} wrote:`;
  const body = `\n\n${attribution}\n${quote(original.text)}\n`;
  const bodyHtml = `<p></p><p>${escapeHtml(attribution)}</p><blockquote>${originalHtml(original)}</blockquote>`;
  return { to, cc, subject, body, bodyHtml, ...threading };
}
