"use server";
// Server actions that need no session.
import { cookies } from "next/headers";
import { z } from "zod";
import { LOCALE_COOKIE } from "@/lib/i18n/locale";

/** Remembers the chosen UI language for a year. */
export async function setLocaleAction(locale: string): Promise<void> {
  const parsed = z.enum(["en", "ko"]).safeParse(locale);
  if (!parsed.success) return;
  (await cookies()).set(LOCALE_COOKIE, parsed.data, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax" });
}
