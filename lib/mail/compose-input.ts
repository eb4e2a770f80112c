import { z } from "zod";

const messageIdList = z
  .string()
  .max(20_000)
  .regex(/^(\s*<[^<>\s]+>)*\s*$/, "Threading headers must be <message-id> values.")
  .default("");

/** The compose form as posted. Addresses are checked one by one in send-message.ts. */
export const composeSchema = z.object({
  to: z.string().max(20_000).default(""),
  cc: z.string().max(20_000).default(""),
  bcc: z.string().max(20_000).default(""),
  subject: z.string().max(998, "Subjects are limited to 998 characters (RFC 5322).").default(""),
  body: z.string().max(5_000_000, "The message is too long.").default(""),
  /** When replying: the original's Message-ID, and the thread's (RFC 5322 3.6.4). */
  inReplyTo: messageIdList,
  references: messageIdList,
  /** When replying: our id of the original, to mark it answered once sent. */
  original: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().positive().optional()),
});

export type ComposeInput = z.infer<typeof composeSchema>;
