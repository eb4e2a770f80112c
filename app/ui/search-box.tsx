"use client";
// The search field in the top bar. A plain GET form: results have a URL, so they can be reloaded and shared.
import { useSearchParams } from "next/navigation";
import { useTranslations } from "use-intl";

export function SearchBox() {
  const t = useTranslations("search");
  const current = useSearchParams().get("q") ?? "";
  return (
    <form action="/search" role="search" className="mx-4 max-w-2xl flex-1">
      <label className="sr-only" htmlFor="search-query">{t("search")}</label>
      <input
        id="search-query"
        key={current}
        name="q"
        type="search"
        defaultValue={current}
        placeholder={t("searchPlaceholder")}
        autoComplete="off"
        className="w-full rounded-full border border-transparent bg-slate-100 px-5 py-2 text-sm focus:border-blue-400 focus:bg-white focus:outline-none focus:ring-2 focus:ring-blue-100"
      />
    </form>
  );
}
