// Settings: the account's identities (From choices) and the undo-send delay.
import type { Metadata } from "next";
import Link from "next/link";
import { requireAccount } from "@/lib/auth/session";
import { getUndoSendSeconds, listIdentities, signatureToText } from "@/lib/compose/identities";
import { getTranslator } from "@/lib/i18n/locale";
import { folderHref } from "@/lib/mail/folder-url";
import { IdentitySettings } from "@/app/ui/settings/identity-settings";
import { UndoSendSetting } from "@/app/ui/settings/undo-send-setting";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const [account, t] = await Promise.all([requireAccount(), getTranslator()]);
  const [identities, undoSendSeconds] = await Promise.all([listIdentities(account), getUndoSendSeconds(account.id)]);
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-8 px-4 py-6">
      <div className="flex items-center justify-between gap-4">
        <h1 className="text-xl font-semibold">{t("settings.title")}</h1>
        <Link href={folderHref("INBOX")} className="text-sm text-slate-600 hover:underline">{t("settings.back")}</Link>
      </div>
      <section aria-labelledby="identities-heading" className="flex flex-col gap-3">
        <div>
          <h2 id="identities-heading" className="text-lg font-semibold">{t("settings.identitiesTitle")}</h2>
          <p className="text-sm text-slate-600">{t("settings.identitiesHint")}</p>
        </div>
        <IdentitySettings identities={identities.map((i) => ({ ...i, signature: signatureToText(i.signatureHtml) }))} />
      </section>
      <section aria-labelledby="undo-heading" className="flex flex-col gap-3">
        <div>
          <h2 id="undo-heading" className="text-lg font-semibold">{t("settings.undoTitle")}</h2>
          <p className="text-sm text-slate-600">{t("settings.undoHint")}</p>
        </div>
        <UndoSendSetting seconds={undoSendSeconds} />
      </section>
    </div>
  );
}
