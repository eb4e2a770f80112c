import "server-only";
import { isAppError, type AppError } from "@/lib/errors";
import { getTranslator } from "./locale";

/**
 * The line a user sees for any error, in the request's language: the specific message for
 * expected failures (translated where the error carries a key, else the English one, e.g. a
 * server's own reply), a generic one for the rest, whose detail goes to the log.
 */
export async function userMessage(error: unknown, context: string): Promise<string> {
  const t = await getTranslator();
  if (isAppError(error)) return error.localized ? t(`serverErrors.${error.localized.key}`, error.localized.values) : error.message;
  console.error(`[maeil] ${context}:`, error);
  return t("serverErrors.unexpected");
}

/** What a form's action answers when it fails: the line for the form, and the messages by field where there are any. */
export interface UserFailure {
  ok: false;
  message: string;
  errors?: Record<string, string[]>;
}

/** `userMessage`, with the field messages of a form error (`userFieldErrors`): what a failed action returns. */
export async function userFailure(error: unknown, context: string): Promise<UserFailure> {
  const message = await userMessage(error, context);
  if (isAppError(error) && error.fieldErrors) return { ok: false, message, errors: await userFieldErrors(error) };
  return { ok: false, message };
}

/** A form error's messages by field, in the request's language where they carry keys. */
async function userFieldErrors(error: AppError): Promise<Record<string, string[]> | undefined> {
  if (!error.localizedFields) return error.fieldErrors;
  const t = await getTranslator();
  return Object.fromEntries(Object.entries(error.localizedFields).map(([name, m]) => [name, [t(`serverErrors.${m.key}`, m.values)]]));
}
