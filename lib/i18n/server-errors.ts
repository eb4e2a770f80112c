import { createTranslator } from "use-intl/core";
import type { LocalizedMessage } from "@/lib/errors";
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
