import "server-only";
import { randomUUID } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer";
import type { AccountRecord } from "@/lib/db/accounts";
import type { LocalizedMessage } from "@/lib/errors";
import { inEnglish, localizedError } from "@/lib/i18n/server-errors";
import { formatAddress } from "@/lib/mime/addresses";
import type { MailAddress } from "@/lib/mime/types";
import { checkRecipientField } from "./address-syntax";
import { listAttachments, readAttachment } from "./attachment-store";
import type { DraftRecord } from "./drafts";
import { getIdentity } from "./identities";
import { htmlToPlainText, sanitizeOutgoingHtml } from "./outgoing-html";
import { INLINE_SRC } from "./inline-image-url";

type Field = "to" | "cc" | "bcc";

const NO_RECIPIENTS: LocalizedMessage = { key: "noRecipients" };

/**
 * The three recipient fields, checked the same way the compose form checks
 * its chips (address-syntax.ts), with a precise error for each bad address.
 */
export function parseRecipients(input: Pick<DraftRecord, Field>): { lists: Record<Field, MailAddress[]>; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const lists = {} as Record<Field, MailAddress[]>;
  for (const field of ["to", "cc", "bcc"] as const) {
    const { addresses, errors: problems } = checkRecipientField(input[field]);
    lists[field] = addresses;
    if (problems.length) errors[field] = problems;
  }
  if (!errors.to && !lists.to.length && !lists.cc.length && !lists.bcc.length) {
    errors.to = [inEnglish(NO_RECIPIENTS)];
  }
  return { lists, errors };
}

/** Who the message is from: the draft's identity, else the account itself. */
async function senderOf(account: AccountRecord, identityId: string | null): Promise<{ from: MailAddress; replyTo: string }> {
  const identity = identityId ? await getIdentity(account.id, identityId) : null;
  if (identity) return { from: { name: identity.name, address: identity.email }, replyTo: identity.replyTo };
  return { from: { name: account.displayName ?? "", address: account.email }, replyTo: "" };
}


export interface BuiltMessage {
  messageId: string;
  subject: string;
  /** What the recipients get: no Bcc header. */
  wire: Buffer;
  /** What the sender keeps in Sent (or Drafts): with Bcc. */
  sentCopy: Buffer;
  envelope: { from: string; to: string[] };
  recipients: MailAddress[];
}

/**
 * Turns a draft into the exact bytes to submit: identity, recipients,
 * threading headers, HTML with a generated plain-text alternative (or text
 * only), attachments and pasted images as cid: parts. Built once, so the
 * recipients' copy and the Sent copy carry the same Message-ID and Date.
 * `forDraftCopy` builds the IMAP Drafts copy instead: no recipient check.
 */
export async function buildMessage(
  account: AccountRecord,
  draft: DraftRecord,
  options: { messageId?: string; date?: Date; forDraftCopy?: boolean } = {},
): Promise<BuiltMessage> {
  const { lists, errors } = parseRecipients(draft);
  if (!options.forDraftCopy && Object.keys(errors).length) {
    // The form lists each bad address with its reason in the reader's language (the same check,
    // app/ui/compose/recipient-input.tsx): translated here is only what it cannot point at, no recipient at all.
    const noRecipients = errors.to?.[0] === inEnglish(NO_RECIPIENTS);
    const fields: Record<string, LocalizedMessage> = noRecipients ? { to: NO_RECIPIENTS } : {};
    throw localizedError("INVALID_INPUT", noRecipients ? NO_RECIPIENTS.key : "addressesNeedFixing", undefined, { fieldErrors: errors, fields });
  }
  const { from, replyTo } = await senderOf(account, draft.identityId);
  const domain = from.address.split("@")[1] ?? "localhost";
  const messageId = options.messageId ?? `<${randomUUID()}@${domain}>`;

  const stored = await listAttachments(draft.id);
  const cidOf = new Map(stored.filter((a) => a.contentId).map((a) => [a.id, a.contentId!]));
  let html: string | undefined;
  let text = draft.bodyText;
  const referenced = new Set<string>();
  if (draft.format === "html") {
    const withCids = draft.bodyHtml.replace(INLINE_SRC, (whole, start: string, quote: string, id: string) => {
      const cid = cidOf.get(id);
      if (!cid) return whole;
      referenced.add(id);
      return `${start}${quote}cid:${cid}${quote}`;
    });
    html = sanitizeOutgoingHtml(withCids);
    text = htmlToPlainText(html);
  }
  // An image pasted and then deleted from the body is not sent; files always are.
  const attachments = [];
  for (const a of stored) {
    if (a.contentId && !referenced.has(a.id)) continue;
    attachments.push({
      filename: a.filename,
      contentType: a.contentType,
      content: await readAttachment(a.id),
      ...(a.contentId ? { cid: a.contentId, contentDisposition: "inline" as const } : {}),
    });
  }

  const mail = {
    from: formatAddress(from),
    replyTo: replyTo || undefined,
    to: lists.to.map(formatAddress),
    cc: lists.cc.map(formatAddress),
    bcc: lists.bcc.map(formatAddress),
    subject: draft.subject,
    text,
    html,
    attachments,
    messageId,
    inReplyTo: draft.inReplyTo.trim() || undefined,
    references: draft.references.trim().split(/\s+/).filter(Boolean),
    date: options.date ?? new Date(),
    headers: {
      "User-Agent": "maeil",
      // RFC 8098: the reader's client may offer to send a read receipt here.
      ...(draft.requestReadReceipt ? { "Disposition-Notification-To": formatAddress(from) } : {}),
      ...(options.forDraftCopy ? { "X-Maeil-Draft": draft.id } : {}),
    },
  };
  const wire = await new MailComposer(mail).compile().build();
  // The wire copy must not reveal Bcc; the sender's own copy keeps it, as other clients do.
  const keep = new MailComposer(mail).compile();
  keep.keepBcc = true;
  const sentCopy = await keep.build();
  const recipients = [...lists.to, ...lists.cc, ...lists.bcc];
  return {
    messageId,
    subject: draft.subject,
    wire,
    sentCopy,
    envelope: { from: from.address, to: recipients.map((a) => a.address) },
    recipients,
  };
}
