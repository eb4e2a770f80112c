"use client";
// Shown when a mail page fails unexpectedly (the pages show expected failures, such as an IMAP
// server that is down, themselves): a line in the reader's language, a reference to the server log, a retry.
import { useTranslations } from "use-intl";

export default function MailError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors");
  return (
    <div role="alert" className="mx-auto max-w-xl px-4 py-16 text-center">
      <h1 className="text-lg font-semibold">{t("title")}</h1>
      {/* Expected failures are shown by the pages themselves; what lands here is unexpected, and in
          production Next.js replaces its text with a digest that finds it in the server log. */}
      <p className="mt-2 text-sm text-slate-600">{t("unexpected")}</p>
      {error.digest && <p className="mt-1 text-xs text-slate-500">{t("reference", { digest: error.digest })}</p>}
      <button type="button" onClick={reset} className="mt-6 rounded-md bg-blue-600 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-700">
        {t("retry")}
      </button>
    </div>
  );
}
