"use client";
// Shown when a mail page fails (e.g. the IMAP server is down): the reason, and a way to retry.
import { useTranslations } from "use-intl";

export default function MailError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors");
  return (
    <div role="alert" className="mx-auto max-w-xl px-4 py-16 text-center">
      <h1 className="text-lg font-semibold">{t("title")}</h1>
      {/* In production Next.js replaces server error text with a digest; the detail is in the server log. */}
      <p className="mt-2 text-sm text-slate-600">{error.message}</p>
      <button type="button" onClick={reset} className="mt-6 rounded-md bg-blue-600 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-700">
        {t("retry")}
      </button>
    </div>
  );
}
