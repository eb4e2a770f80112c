// The compose screen.
import type { Metadata } from "next";
import { requireAccount } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/locale";
import { ComposeForm } from "@/app/ui/compose-form";

export const metadata: Metadata = { title: "Compose" };

export default async function ComposePage() {
  const [account, t] = await Promise.all([requireAccount(), getTranslator()]);
  return (
    <div className="mx-auto flex min-h-full max-w-4xl flex-col gap-3 px-4 py-4">
      <h1 className="text-lg font-semibold">{t("compose.title")}</h1>
      <ComposeForm from={account.displayName ? `${account.displayName} <${account.email}>` : account.email} />
    </div>
  );
}
