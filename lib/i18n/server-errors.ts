import { createTranslator } from "use-intl/core";
import { AppError, type AppErrorCode, type LocalizedMessage } from "@/lib/errors";
import { en } from "./en";

let translate: ReturnType<typeof createTranslator<typeof en, "serverErrors">> | undefined;

/**
 * A server error's English line, from the same catalogue the reader's
 * language comes from: the text kept for logs and stored next to the key,
 * without writing each message twice.
 */
export function inEnglish(message: LocalizedMessage): string {
  translate ??= createTranslator({ locale: "en", messages: en, namespace: "serverErrors" });
  return translate(message.key, message.values);
}

/**
 * An AppError whose text comes from the `serverErrors` catalogue: English in
 * `message` (logs, callers in lib/), and the key that `userMessage` reads out
 * in the reader's language.
 */
export function localizedError(
  code: AppErrorCode,
  key: LocalizedMessage["key"],
  values?: Record<string, string>,
  options: { cause?: unknown; fieldErrors?: Record<string, string[]>; fields?: Record<string, LocalizedMessage> } = {},
): AppError {
  const { fields, ...rest } = options;
  // English lines given by the caller are kept for logs and lib/ callers even where only some fields have keys.
  const fieldErrors = rest.fieldErrors ?? (fields ? Object.fromEntries(Object.entries(fields).map(([name, m]) => [name, [inEnglish(m)]])) : undefined);
  return new AppError(code, inEnglish({ key, values }), { ...rest, fieldErrors, localized: { key, values }, localizedFields: fields });
}
