"use client";
// The signed-in address, the language switch and sign-out.
import { signOut } from "next-auth/react";
import { useTranslations } from "use-intl";
import { LanguageSwitch } from "./language-switch";

export function AccountMenu({ email }: { email: string }) {
  const t = useTranslations("nav");
  return (
    <div className="flex items-center gap-4 text-sm">
      <LanguageSwitch />
      <span className="hidden text-slate-600 sm:inline" data-testid="account-email">{email}</span>
      <button type="button" onClick={() => signOut({ callbackUrl: "/login" })}
        className="rounded-md border border-slate-300 px-3 py-1.5 font-medium hover:bg-slate-100">
        {t("signOut")}
      </button>
    </div>
  );
}
