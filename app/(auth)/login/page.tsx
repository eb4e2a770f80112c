// The sign-in page: address, password, and optional server settings.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentAccount } from "@/lib/auth/session";
import { defaultServerSettings, serversConfigured } from "@/lib/auth/server-settings";
import { getTranslator } from "@/lib/i18n/locale";
import { folderHref } from "@/lib/mail/folder-url";
import { LoginForm } from "@/app/ui/login-form";
import { LanguageSwitch } from "@/app/ui/language-switch";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage() {
  if (await currentAccount()) redirect(folderHref("INBOX"));
  const t = await getTranslator();
  return (
    <main className="flex min-h-full items-center justify-center px-4 py-12">
      <div className="w-full max-w-md">
        <div className="mb-8 text-center">
          <p className="text-3xl font-bold tracking-tight text-blue-700">{t("app.name")}</p>
          <h1 className="mt-3 text-xl font-semibold">{t("login.title")}</h1>
          <p className="mt-1 text-sm text-slate-600">{t("login.subtitle")}</p>
        </div>
        <LoginForm defaults={defaultServerSettings()} serversPreset={serversConfigured()} />
        <div className="mt-6 text-center">
          <LanguageSwitch />
        </div>
      </div>
    </main>
  );
}
