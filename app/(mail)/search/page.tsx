// Search results across all folders, newest first, from the PostgreSQL cache.
import type { Metadata } from "next";
import Link from "next/link";
import { requireAccount } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { getTranslator } from "@/lib/i18n/locale";
import { searchMail } from "@/lib/mail/search-messages";
import { ErrorPanel } from "@/app/ui/error-panel";
import { MessageList } from "@/app/ui/message-list";
import { userMessage } from "@/lib/i18n/user-message";

interface Props {
  searchParams: Promise<{ q?: string; after?: string }>;
}

export const metadata: Metadata = { title: "Search" };

const SPECIAL = new Set(["\\Inbox", "\\Drafts", "\\Sent", "\\Archive", "\\Junk", "\\Trash"]);

/** Search cursor <-> URL: "<epoch ms>.<message id>". */
function decodeAfter(value: string | undefined) {
  const m = value?.match(/^(\d{1,15})\.(\d{1,18})$/);
  return m ? { receivedAt: new Date(Number(m[1])), id: BigInt(m[2]!) } : undefined;
}

export default async function SearchPage({ searchParams }: Props) {
  const { q = "", after } = await searchParams;
  const [account, t] = await Promise.all([requireAccount(), getTranslator()]);
  let result;
  try {
    result = await searchMail(account, { query: q, after: decodeAfter(after) });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return <ErrorPanel title={t("search.search")} message={await userMessage(error, "search")} retryHref="/search" retryLabel={t("errors.retry")} />;
  }
  const folderLabel = (path: string, specialUse: string | null) =>
    specialUse && SPECIAL.has(specialUse) ? t(`folders.${specialUse}` as "folders.\\Inbox") : path;
  return (
    <section aria-label={t("search.results", { query: q })} className="flex flex-col">
      <div className="border-b border-slate-200 px-4 py-3">
        <h1 className="text-base font-semibold">{t("search.results", { query: q })}</h1>
        {result.problems.length > 0 && <p className="mt-1 text-xs text-amber-800">{result.problems.join(", ")}</p>}
      </div>
      {result.hits.length === 0 ? (
        <p className="px-4 py-16 text-center text-sm text-slate-500">{t("search.noResults", { query: q })}</p>
      ) : (
        <MessageList
          messages={result.hits.map((h) => ({ ...h, folderLabel: folderLabel(h.folderPath, h.folderSpecialUse) }))}
          labels={{ noSubject: t("list.noSubject"), unknownSender: t("list.unknownSender"), attachment: t("list.attachment"), flagged: t("list.flagged"), unread: t("list.unreadLabel") }}
        />
      )}
      {result.next && (
        <div className="px-4 py-3 text-right">
          <Link className="rounded-md px-3 py-1.5 text-sm font-medium hover:bg-slate-200"
            href={`/search?q=${encodeURIComponent(q)}&after=${result.next.receivedAt.getTime()}.${result.next.id}`}>
            {t("search.more")} ›
          </Link>
        </div>
      )}
    </section>
  );
}
