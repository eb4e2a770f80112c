"use client";
// A folder's screen: the bar (refresh, which rows are in view, newer/older
// pages) over the virtualised list. The pager links are keyset URLs, so deep
// links and browsers without JavaScript page through the folder as before.
import Link from "next/link";
import { useCallback, useMemo, useState } from "react";
import { useTranslations } from "use-intl";
import type { ListRow } from "@/lib/mail/list-messages";
import { FolderRefresher } from "./folder-refresher";
import { VirtualMessageList } from "./virtual-message-list";

interface Props {
  path: string;
  rows: ListRow[];
  /** Cursor after the last row, or null at the end of the folder. */
  older: string | null;
  firstIndex: number;
  total: number;
  newerHref: string | null;
  olderHref: string | null;
  syncing: { cached: number; total: number } | null;
  /** Rows of this page still wait for their snippets (lib/mail/list-messages.ts). */
  detailsPending: boolean;
  /** The folder's state the page was read at (lib/mail/folder-stamp.ts). */
  stamp: string;
}

const PAGER = "rounded-md px-3 py-1.5 text-sm font-medium";

export function FolderView({ path, rows, older, firstIndex, total, newerHref, olderHref, syncing, detailsPending, stamp }: Props) {
  const t = useTranslations("list");
  // Until the browser reports what is in view, the range is the server's page.
  const [visible, setVisible] = useState<{ first: number; last: number } | null>(null);
  const onVisibleChange = useCallback((first: number, last: number) => setVisible({ first, last }), []);
  const first = firstIndex + (visible?.first ?? 0);
  const last = firstIndex + (visible?.last ?? rows.length - 1);
  const labels = useMemo(() => ({
    noSubject: t("noSubject"), unknownSender: t("unknownSender"), attachment: t("attachment"), flagged: t("flagged"), unread: t("unreadLabel"),
  }), [t]);

  return (
    <section aria-label={path} className="flex h-full flex-col">
      <div className="flex shrink-0 items-center justify-between gap-2 border-b border-slate-200 bg-slate-50 px-4 py-2">
        <FolderRefresher path={path} stamp={stamp} incomplete={rows.length === 0 || syncing !== null || detailsPending} />
        <div className="flex items-center gap-2 text-sm text-slate-600">
          {rows.length > 0 && <span data-testid="page-range">{t("range", { first, last, total: Math.max(total, last) })}</span>}
          {newerHref ? (
            <Link className={`${PAGER} hover:bg-slate-200`} href={newerHref}>‹ {t("newer")}</Link>
          ) : (
            <span className={`${PAGER} text-slate-400`} aria-disabled>‹ {t("newer")}</span>
          )}
          {olderHref ? (
            <Link className={`${PAGER} hover:bg-slate-200`} href={olderHref}>{t("older")} ›</Link>
          ) : (
            <span className={`${PAGER} text-slate-400`} aria-disabled>{t("older")} ›</span>
          )}
        </div>
      </div>
      {syncing && (
        <p role="status" className="shrink-0 border-b border-blue-100 bg-blue-50 px-4 py-2 text-sm text-blue-900">
          {t("syncing", { cached: syncing.cached, total: syncing.total })}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="px-4 py-16 text-center text-sm text-slate-500">{t("empty")}</p>
      ) : (
        <VirtualMessageList key={path} folder={path} rows={rows} older={older} firstIndex={firstIndex} total={total}
          labels={labels} onVisibleChange={onVisibleChange} />
      )}
    </section>
  );
}
