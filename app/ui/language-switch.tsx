"use client";
// Toggles the UI between English and Korean.
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useLocale, useTranslations } from "use-intl";
import { setLocaleAction } from "@/app/actions";

export function LanguageSwitch({ className = "" }: { className?: string }) {
  const t = useTranslations("nav");
  const locale = useLocale();
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      lang={locale === "ko" ? "en" : "ko"}
      onClick={() => start(async () => { await setLocaleAction(locale === "ko" ? "en" : "ko"); router.refresh(); })}
      className={`text-sm text-slate-600 underline-offset-4 hover:text-slate-900 hover:underline disabled:opacity-50 ${className}`}
    >
      {t("language")}
    </button>
  );
}
