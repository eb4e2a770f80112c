// A folder's message list, newest first, from the PostgreSQL cache: the first
// page (or the one a keyset link names) rendered here, older ones fetched by
// the list itself as the user scrolls (app/api/folders/messages).
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireAccount } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { getTranslator } from "@/lib/i18n/locale";
import { folderFromParam, folderHref } from "@/lib/mail/folder-url";
import { decodeCursor, encodeCursor, listMessages, toListRow } from "@/lib/mail/list-messages";
import { PAGE_SIZE } from "@/lib/mail/list-paging";
import { FolderView } from "@/app/ui/folder-view";
import { ErrorPanel } from "@/app/ui/error-panel";
import { userMessage } from "@/lib/i18n/user-message";

interface Props {
  params: Promise<{ folder: string }>;
  searchParams: Promise<{ after?: string; before?: string; i?: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: folderFromParam((await params).folder) };
}

export default async function FolderPage({ params, searchParams }: Props) {
  const path = folderFromParam((await params).folder);
  const [query, account] = await Promise.all([searchParams, requireAccount()]);
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
    const t = await getTranslator();
    return <ErrorPanel title={t("errors.title")} message={await userMessage(error, "list folder")} retryHref={folderHref(path)} retryLabel={t("errors.retry")} />;
  }
  const last = page.firstIndex + page.messages.length - 1;
  const base = folderHref(path);
  return (
    <FolderView
      path={path}
      rows={page.messages.map((m) => toListRow(m))}
      older={page.older && encodeCursor(page.older)}
      firstIndex={page.firstIndex}
      total={Math.max(page.total, last)}
      newerHref={page.newer && `${base}?before=${encodeCursor(page.newer)}&i=${Math.max(1, page.firstIndex - PAGE_SIZE)}`}
      olderHref={page.older && `${base}?after=${encodeCursor(page.older)}&i=${last + 1}`}
      syncing={page.syncing}
      detailsPending={page.detailsPending}
      stamp={page.stamp}
    />
  );
}
