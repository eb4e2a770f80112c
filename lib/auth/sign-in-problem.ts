import "server-only";
import type { z } from "zod";
import { getTranslator } from "@/lib/i18n/locale";

type Translator = Awaited<ReturnType<typeof getTranslator>>;
type Problem = "needEmail" | "needPassword" | "needHost" | "needPort" | "needSecurity";

/** Each sign-in field: the label the form shows for it, and what it needs. */
const FIELDS: Record<string, { label: (t: Translator) => string; problem: Problem }> = {
  email: { label: (t) => t("login.email"), problem: "needEmail" },
  password: { label: (t) => t("login.password"), problem: "needPassword" },
  imapHost: { label: (t) => `${t("login.imap")} ${t("login.host")}`, problem: "needHost" },
  imapPort: { label: (t) => `${t("login.imap")} ${t("login.port")}`, problem: "needPort" },
  imapSecurity: { label: (t) => `${t("login.imap")} ${t("login.security")}`, problem: "needSecurity" },
  smtpHost: { label: (t) => `${t("login.smtp")} ${t("login.host")}`, problem: "needHost" },
  smtpPort: { label: (t) => `${t("login.smtp")} ${t("login.port")}`, problem: "needPort" },
  smtpSecurity: { label: (t) => `${t("login.smtp")} ${t("login.security")}`, problem: "needSecurity" },
};

/**
 * What the sign-in form shows for input the server refused: the field as the form labels it
 * and what it needs, in the reader's language ("Incoming mail (IMAP) Port: enter a whole
 * number from 1 to 65535."). One line: the form has one place for errors.
 */
export async function signInProblem(error: z.ZodError): Promise<string> {
  const t = await getTranslator();
  const issue = error.issues[0];
  const field = issue ? FIELDS[String(issue.path[0])] : undefined;
  if (!field) return t("serverErrors.unexpected");
  return t("serverErrors.invalidField", { field: field.label(t), problem: t(`serverErrors.${field.problem}`) });
}
