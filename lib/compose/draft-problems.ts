import "server-only";
import type { z } from "zod";
import { formProblems, type FormFields, type FormProblems } from "@/lib/i18n/form-problems";

/** The compose form's fields as it labels them (lib/compose/draft-input.ts draftSchema). */
const DRAFT_FIELDS: FormFields = {
  to: { label: (t) => t("compose.to") },
  cc: { label: (t) => t("compose.cc") },
  bcc: { label: (t) => t("compose.bcc") },
  subject: { label: (t) => t("compose.subject") },
  bodyHtml: { label: (t) => t("compose.body") },
  bodyText: { label: (t) => t("compose.body") },
};

/** Why a draft was refused, field by field, in the reader's language ("Subject: at most 998 characters."). */
export const draftProblems = (error: z.ZodError): Promise<FormProblems> => formProblems(error, DRAFT_FIELDS);
