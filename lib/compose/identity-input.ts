/**
 * What the settings page posts for an identity and for the undo-send delay.
 * Pure (zod + address-syntax), so the same rules can run in the browser.
 */
import { z } from "zod";
import { checkAddrSpec, describeAddressProblem, describeEntryProblem, parseRecipientField } from "./address-syntax";

/** Most identities an account may have: plenty for aliases, a bound for abuse. */
export const MAX_IDENTITIES = 50;
/** The undo-send delay's range in seconds (accounts.undo_send_seconds). */
export const UNDO_SEND_MAX_SECONDS = 60;

const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, " ").trim();

export const identityInputSchema = z.object({
  /** Null (or absent) to add a new identity. */
  id: z.uuid("This identity is not valid.").nullable().default(null),
  name: z.string().max(200, "Display name: at most 200 characters.").default("").transform(oneLine),
  email: z
    .string()
    .transform(oneLine)
    .pipe(z.string().min(1, "Email address: this is required.").max(254, "Email address: at most 254 characters."))
    .superRefine((email, ctx) => {
      const problem = checkAddrSpec(email);
      // The params let the server say it again in the reader's language (lib/i18n/form-problems.ts).
      if (problem) ctx.addIssue({ code: "custom", message: `Email address: ${describeAddressProblem(problem)}`, params: { problem } });
    }),
  /** One address or a list; empty for none. */
  replyTo: z
    .string()
    .max(2000, "Reply-to: at most 2000 characters.")
    .default("")
    .transform(oneLine)
    .superRefine((replyTo, ctx) => {
      for (const entry of parseRecipientField(replyTo)) {
        const message = describeEntryProblem(entry);
        if (message) ctx.addIssue({ code: "custom", message: `Reply-to: ${message}`, params: { problem: entry.problem, entry: entry.text } });
      }
    }),
  /** Plain text; stored as HTML (see lib/compose/identities.ts). */
  signature: z.string().max(10_000, "Signature: at most 10,000 characters.").default(""),
});

export type IdentityInput = z.infer<typeof identityInputSchema>;

export const undoSendSecondsSchema = z.preprocess(
  // An empty field is not 0 (which z.coerce would make of it): it is missing.
  (v) => (v === null || (typeof v === "string" && v.trim() === "") ? undefined : v),
  z.coerce
    .number({ error: "Undo send: enter a number of seconds." })
    .int("Undo send: whole seconds only.")
    .min(0, "Undo send: 0 seconds or more.")
    .max(UNDO_SEND_MAX_SECONDS, `Undo send: at most ${UNDO_SEND_MAX_SECONDS} seconds.`),
);
