"use client";
// The signed-in address, the language switch, Settings and sign-out.
import Link from "next/link";
import { signOut } from "next-auth/react";
import { useTranslations } from "use-intl";
import { LanguageSwitch } from "./language-switch";

export function AccountMenu({ email }: { email: string }) {
  const t = useTranslations("nav");
  const ts = useTranslations("settings");
  return (
    <div className="flex items-center gap-4 text-sm">
      <LanguageSwitch />
      <span className="hidden text-slate-600 sm:inline" data-testid="account-email">{email}</span>
      <Link href="/settings" className="text-slate-600 underline-offset-4 hover:text-slate-900 hover:underline">{ts("link")}</Link>
      <button type="button" onClick={() => signOut({ callbackUrl: "/login" })}
        className="rounded-md border border-slate-300 px-3 py-1.5 font-medium hover:bg-slate-100">
        {t("signOut")}
      </button>
    </div>
  );
}
