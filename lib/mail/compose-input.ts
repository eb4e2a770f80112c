import { z } from "zod";

/** The compose form as posted. Addresses are checked one by one in send-message.ts. */
export const composeSchema = z.object({
  to: z.string().max(20_000).default(""),
  cc: z.string().max(20_000).default(""),
  bcc: z.string().max(20_000).default(""),
  subject: z.string().max(998, "Subjects are limited to 998 characters (RFC 5322).").default(""),
  body: z.string().max(5_000_000, "The message is too long.").default(""),
});

export type ComposeInput = z.infer<typeof composeSchema>;
