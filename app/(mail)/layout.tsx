// The mail screen's frame: top bar, folder sidebar, and the page (list, reader or compose).
import { Suspense, type ReactNode } from "react";
import Link from "next/link";
import { requireAccount } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { getTranslator } from "@/lib/i18n/locale";
import { listFolderTree } from "@/lib/mail/list-folder-tree";
import { folderHref } from "@/lib/mail/folder-url";
import { Sidebar } from "@/app/ui/sidebar";
import { AccountMenu } from "@/app/ui/account-menu";
import { SearchBox } from "@/app/ui/search-box";

export default async function MailLayout({ children }: { children: ReactNode }) {
  const account = await requireAccount();
  const t = await getTranslator();
  // Without a cached folder list and with the server down, the page below says why.
  const folders = await listFolderTree(account).catch((error: unknown) => {
    if (isAppError(error)) return [];
    throw error;
  });
  return (
    <div className="flex h-full flex-col">
      <header className="flex h-14 shrink-0 items-center justify-between border-b border-slate-200 bg-white px-4">
        <Link href={folderHref("INBOX")} className="text-xl font-bold tracking-tight text-blue-700">{t("app.name")}</Link>
        <Suspense fallback={<div className="flex-1" />}>
          <SearchBox />
        </Suspense>
        <AccountMenu email={account.email} />
      </header>
      <div className="flex min-h-0 flex-1">
        <aside className="hidden w-64 shrink-0 md:block">
          <Sidebar folders={folders} />
        </aside>
        <main className="min-w-0 flex-1 overflow-y-auto">{children}</main>
      </div>
    </div>
  );
}
