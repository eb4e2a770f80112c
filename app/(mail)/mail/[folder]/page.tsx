// A folder's message list, newest first, 50 a page, from the PostgreSQL cache.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAccount } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { getTranslator } from "@/lib/i18n/locale";
import { folderFromParam, folderHref } from "@/lib/mail/folder-url";
import { decodeCursor, encodeCursor, listMessages, PAGE_SIZE } from "@/lib/mail/list-messages";
import { FolderRefresher } from "@/app/ui/folder-refresher";
import { MessageList } from "@/app/ui/message-list";
import { ErrorPanel } from "@/app/ui/error-panel";

interface Props {
  params: Promise<{ folder: string }>;
  searchParams: Promise<{ after?: string; before?: string; i?: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: folderFromParam((await params).folder) };
}

export default async function FolderPage({ params, searchParams }: Props) {
  const path = folderFromParam((await params).folder);
  const query = await searchParams;
  const [account, t] = await Promise.all([requireAccount(), getTranslator()]);
  let page;
  try {
    const index = Number(query.i);
    page = await listMessages(account, path, {
      after: decodeCursor(query.after),
      before: decodeCursor(query.before),
      index: Number.isSafeInteger(index) && index > 0 ? index : undefined,
    });
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    if (!isAppError(error)) throw error;
    return <ErrorPanel title={t("errors.title")} message={error.message} retryHref={folderHref(path)} retryLabel={t("errors.retry")} />;
  }
  const last = page.firstIndex + page.messages.length - 1;
  const pager = "rounded-md px-3 py-1.5 text-sm font-medium";
  return (
    <section aria-label={path} className="flex flex-col">
      <div className="sticky top-0 z-10 flex items-center justify-between gap-2 border-b border-slate-200 bg-slate-50/95 px-4 py-2 backdrop-blur">
        <FolderRefresher path={path} />
        <div className="flex items-center gap-2 text-sm text-slate-600">
          {page.messages.length > 0 && (
            <span data-testid="page-range">{t("list.range", { first: page.firstIndex, last, total: Math.max(page.total, last) })}</span>
          )}
          {page.newer ? (
            <Link className={`${pager} hover:bg-slate-200`} href={`${folderHref(path)}?before=${encodeCursor(page.newer)}&i=${Math.max(1, page.firstIndex - PAGE_SIZE)}`}>‹ {t("list.newer")}</Link>
          ) : (
            <span className={`${pager} text-slate-400`} aria-disabled>‹ {t("list.newer")}</span>
          )}
          {page.older ? (
            <Link className={`${pager} hover:bg-slate-200`} href={`${folderHref(path)}?after=${encodeCursor(page.older)}&i=${last + 1}`}>{t("list.older")} ›</Link>
          ) : (
            <span className={`${pager} text-slate-400`} aria-disabled>{t("list.older")} ›</span>
          )}
        </div>
      </div>
      {page.syncing && (
        <p role="status" className="border-b border-blue-100 bg-blue-50 px-4 py-2 text-sm text-blue-900">
          {t("list.syncing", { cached: page.syncing.cached.toLocaleString(), total: page.syncing.total.toLocaleString() })}
        </p>
      )}
      {page.messages.length === 0 ? (
        <p className="px-4 py-16 text-center text-sm text-slate-500">{t("list.empty")}</p>
      ) : (
        <MessageList path={path} messages={page.messages} labels={{
          noSubject: t("list.noSubject"), unknownSender: t("list.unknownSender"), attachment: t("list.attachment"),
          flagged: t("list.flagged"), unread: t("list.unreadLabel"),
        }} />
      )}
    </section>
  );
}
