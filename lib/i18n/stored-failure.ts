import "server-only";
import { z } from "zod";
import type { LocalizedMessage } from "@/lib/errors";
import { en } from "./en";
import { getTranslator } from "./locale";

const storedSchema = z.array(z.object({ key: z.string(), values: z.record(z.string(), z.string()).optional() })).min(1);

/**
 * A failure stored with a send (lib/errors.ts StoredFailure) in the reader's
 * language. Rows written before keys were stored, or holding a key this
 * version does not know, keep their English text.
 */
export async function storedFailureText(english: string | null, localized: unknown): Promise<string | null> {
  if (english === null) return null;
  const parsed = storedSchema.safeParse(localized);
  if (!parsed.success || !parsed.data.every((line) => Object.hasOwn(en.serverErrors, line.key))) return english;
  const t = await getTranslator();
  return parsed.data.map((line) => t(`serverErrors.${line.key as LocalizedMessage["key"]}`, line.values)).join(" ");
}
