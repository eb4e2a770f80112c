import "server-only";
import { cookies, headers } from "next/headers";
import { createTranslator } from "use-intl/core";
import { CATALOGS, type Locale } from "./catalogs";

export type { Locale } from "./catalogs";
export const LOCALE_COOKIE = "maeil-locale";

/** Picks the UI language: the user's choice (cookie), else the browser's Accept-Language, else English. */
export function pickLocale(cookieValue: string | undefined, acceptLanguage: string | null): Locale {
  if (cookieValue === "ko" || cookieValue === "en") return cookieValue;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", q] = part.trim().split(";q=");
      return { lang: tag.toLowerCase().slice(0, 2), q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  const hit = ranked.find((r) => r.lang === "ko" || r.lang === "en");
  return (hit?.lang as Locale | undefined) ?? "en";
}

/** The UI language of this request. */
export async function requestLocale(): Promise<{ locale: Locale }> {
  const [jar, head] = await Promise.all([cookies(), headers()]);
  const locale = pickLocale(jar.get(LOCALE_COOKIE)?.value, head.get("accept-language"));
  return { locale };
}

function translatorFor(locale: Locale) {
  return createTranslator({ locale, messages: CATALOGS[locale] });
}

/**
 * One translator per language for the life of the process: it keeps the
 * messages it has parsed (plurals, placeholders), which a translator made per
 * request would parse again on every page. It holds no request state.
 */
const TRANSLATORS = new Map<Locale, ReturnType<typeof translatorFor>>();

/** A translator for server components: `t("list.empty")`. */
export async function getTranslator() {
  const { locale } = await requestLocale();
  let t = TRANSLATORS.get(locale);
  if (!t) TRANSLATORS.set(locale, (t = translatorFor(locale)));
  return t;
}
