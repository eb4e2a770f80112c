import "server-only";
import type { z } from "zod";
import type { AddressProblem } from "@/lib/compose/address-syntax";
import { getTranslator } from "./locale";

type Translator = Awaited<ReturnType<typeof getTranslator>>;
type Issue = z.core.$ZodIssue;

/** A form's fields: the label the form shows for each, and for a number field, its unit. */
export type FormFields = Record<string, { label: (t: Translator) => string; unit?: "seconds" }>;

export interface FormProblems {
  /** Every problem, one line each, for the form's single error line. */
  message: string;
  /** The same lines by field, for the messages under each input. */
  errors: Record<string, string[]>;
}

/** What the field needs, in the reader's language; null when this issue has no translation. */
function problemOf(issue: Issue, t: Translator, unit: "seconds" | undefined): string | null {
  switch (issue.code) {
    case "custom": {
      const problem = issue.params?.problem as AddressProblem | undefined;
      if (!problem) return null;
      const text = t(`recipients.problems.${problem.code}`, { detail: problem.detail });
      const entry = issue.params?.entry as string | undefined;
      return entry === undefined ? text : t("recipients.invalidEntry", { entry, reason: text });
    }
    case "too_big":
      if (issue.origin === "string") return t("formProblems.tooLong", { max: Number(issue.maximum) });
      if (issue.origin === "number" && unit === "seconds") return t("formProblems.atMostSeconds", { max: Number(issue.maximum) });
      return null;
    case "too_small":
      if (issue.origin === "string") return t("formProblems.required");
      if (issue.origin === "number" && unit === "seconds") return t("formProblems.atLeastSeconds", { min: Number(issue.minimum) });
      return null;
    case "invalid_type":
      if (unit !== "seconds") return null;
      if (issue.expected === "int") return t("formProblems.wholeSeconds");
      if (issue.expected === "number") return t("formProblems.seconds");
      return null;
    case "invalid_format":
      return issue.format === "uuid" ? t("formProblems.invalidIdentity") : null;
    default:
      return null;
  }
}

/**
 * A form's refused input as the form shows it, in the reader's language:
 * "Display name: at most 200 characters." / "표시 이름: 200자까지 쓸 수 있습니다.".
 * The schemas keep their English messages for every other reader (logs,
 * callers in lib/); an issue this does not know keeps that English line.
 */
export async function formProblems(error: z.ZodError, fields: FormFields): Promise<FormProblems> {
  const t = await getTranslator();
  const errors: Record<string, string[]> = {};
  const lines: string[] = [];
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "");
    const field = fields[key];
    const problem = problemOf(issue, t, field?.unit);
    const line = problem === null ? issue.message : field ? t("serverErrors.invalidField", { field: field.label(t), problem }) : problem;
    (errors[key] ??= []).push(line);
    lines.push(line);
  }
  return { message: lines.join(" "), errors };
}
