import { z } from "zod";

const messageIdList = z
  .string()
  .max(20_000)
  .regex(/^(\s*<[^<>\s]+>)*\s*$/, "Threading headers must be <message-id> values.");

/**
 * A draft as the compose form saves it (every few seconds, and on leaving
 * the page). Recipient fields are kept as typed, even when an address is
 * invalid: the check happens when sending, and nothing the user wrote is lost.
 */
export const draftSchema = z.object({
  identityId: z.uuid().nullable().default(null),
  to: z.string().max(20_000).default(""),
  cc: z.string().max(20_000).default(""),
  bcc: z.string().max(20_000).default(""),
  subject: z.string().max(998, "Subjects are limited to 998 characters (RFC 5322).").default(""),
  format: z.enum(["html", "text"]).default("html"),
  bodyHtml: z.string().max(10_000_000, "The message is too long.").default(""),
  bodyText: z.string().max(5_000_000, "The message is too long.").default(""),
  inReplyTo: messageIdList.default(""),
  references: messageIdList.default(""),
  /** Our id of the message replied to (marked answered once sent). */
  originalId: z.string().regex(/^\d{1,18}$/).nullable().default(null),
  requestReadReceipt: z.boolean().default(false),
  requestDsn: z.boolean().default(false),
});

export type DraftInput = z.infer<typeof draftSchema>;

/** When the user wants it sent: now (after the undo delay) or at a chosen time. */
export const sendRequestSchema = z.object({
  draftId: z.uuid(),
  /** ISO time for a scheduled send; absent to send now. */
  sendAt: z.iso.datetime({ offset: true }).nullable().default(null),
});
