/**
 * Builds a Message Disposition Notification (a read receipt, RFC 8098): a multipart/report with
 * report-type=disposition-notification, holding a human-readable text/plain part and the
 * machine-readable message/disposition-notification part. Pure: the caller decides whether the
 * user agreed, and submits the bytes.
 */
import MimeNode from "nodemailer/lib/mime-node";
import type { MailAddress } from "@/lib/mime/types";

export interface MdnInput {
  /** The user the receipt is issued for (the From of the MDN, RFC 8098 section 3). */
  from: MailAddress;
  /** The Disposition-Notification-To addresses of the original message. */
  to: MailAddress[];
  /** The mailbox the original was delivered to (Final-Recipient). */
  finalRecipient: string;
  /** Message-ID of the original, with angle brackets; null when it had none. */
  originalMessageId: string | null;
  /** Subject of the receipt itself (e.g. "Read: <original subject>"), in the user's language. */
  subject: string;
  /** The human-readable first part. */
  text: string;
  /** Host name of the user agent that displayed the message (the ua-name of Reporting-UA). */
  reportingHost: string;
  /** Message-ID of the receipt, with angle brackets. */
  messageId: string;
  date: Date;
}

/** Reporting-UA product token. */
export const MDN_PRODUCT = "maeil";

/** What the user did: opened it, then chose to send the receipt (RFC 8098 section 3.2.6). */
export const MDN_DISPOSITION = "manual-action/MDN-sent-manually; displayed";

// A report field is one line: drop anything that could end it or start another one.
const field = (value: string) => value.replace(/[\r\n\u0000-\u001f\u007f]+/g, " ").trim();
const isAscii = (value: string) => /^[\x20-\x7e]*$/.test(value);

/** The fields of the message/disposition-notification part, one per line. */
export function dispositionFields(input: Pick<MdnInput, "finalRecipient" | "originalMessageId" | "reportingHost">): string[] {
  const recipient = field(input.finalRecipient);
  // An internationalised address is of the "utf-8" type of RFC 6533; plain ones are "rfc822".
  const addressType = isAscii(recipient) ? "rfc822" : "utf-8";
  return [
    `Reporting-UA: ${field(input.reportingHost)}; ${MDN_PRODUCT}`,
    `Final-Recipient: ${addressType};${recipient}`,
    ...(input.originalMessageId ? [`Original-Message-ID: ${field(input.originalMessageId)}`] : []),
    `Disposition: ${MDN_DISPOSITION}`,
  ];
}

/** The complete MDN as RFC 5322 bytes (CRLF line ends). */
export async function buildMdn(input: MdnInput): Promise<Buffer> {
  const root = new MimeNode("multipart/report; report-type=disposition-notification");
  root.date = input.date;
  root.setHeader("From", input.from);
  root.setHeader("To", input.to);
  root.setHeader("Subject", input.subject);
  root.setHeader("Message-ID", input.messageId);
  if (input.originalMessageId) {
    // Threads the receipt with the message it is about, as other clients do.
    root.setHeader("In-Reply-To", field(input.originalMessageId));
    root.setHeader("References", field(input.originalMessageId));
  }

  root.createChild("text/plain; charset=utf-8").setContent(input.text.replace(/\r?\n/g, "\r\n"));

  const body = dispositionFields(input).join("\r\n") + "\r\n";
  if (isAscii(body.replace(/\r\n/g, ""))) {
    // message/* bodies may not be base64 or quoted-printable: nodemailer leaves this one as is.
    root.createChild("message/disposition-notification").setContent(body);
  } else {
    // Non-ASCII fields are only allowed in the RFC 6533 form, sent as 8bit.
    root.createChild("message/global-disposition-notification").setHeader("Content-Transfer-Encoding", "8bit").setContent(body);
  }
  return root.build();
}
