// Shown for a folder or message that does not exist (any more).
import Link from "next/link";
import { getTranslator } from "@/lib/i18n/locale";
import { folderHref } from "@/lib/mail/folder-url";

export default async function MailNotFound() {
  const t = await getTranslator();
  return (
    <div className="mx-auto max-w-xl px-4 py-16 text-center">
      <h1 className="text-lg font-semibold">{t("errors.notFound")}</h1>
      <p className="mt-2 text-sm text-slate-600">{t("errors.notFoundText")}</p>
      <Link href={folderHref("INBOX")} className="mt-6 inline-block rounded-md bg-blue-600 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-700">
        {t("errors.home")}
      </Link>
    </div>
  );
}
