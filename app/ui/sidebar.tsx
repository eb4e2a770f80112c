"use client";
// The folder list: special folders first with their icons, then the hierarchy, with unread counts.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useFormatter, useTranslations } from "use-intl";
import type { FolderNode } from "@/lib/mail/folder-tree";
import { folderFromParam, folderHref } from "@/lib/mail/folder-url";
import { FolderKindIcon, DraftIcon } from "./icons";
import { OutboxLink } from "./outbox-link";

const SPECIAL = new Set(["\\Inbox", "\\Drafts", "\\Sent", "\\Archive", "\\Junk", "\\Trash"]);

export function Sidebar({ folders }: { folders: FolderNode[] }) {
  const t = useTranslations();
  const format = useFormatter();
  const segment = usePathname().match(/^\/mail\/([^/]+)/)?.[1];
  const current = segment ? folderFromParam(segment) : null;
  return (
    <nav aria-label={t("nav.folders")} className="flex h-full flex-col gap-4 p-3">
      <Link href="/compose" className="flex items-center justify-center gap-2 rounded-2xl bg-blue-600 px-4 py-3 text-sm font-semibold text-white shadow hover:bg-blue-700">
        <DraftIcon /> {t("nav.compose")}
      </Link>
      <ul className="space-y-0.5 overflow-y-auto">
        {folders.map((folder) => {
          const active = folder.path === current;
          const name = folder.specialUse && SPECIAL.has(folder.specialUse) ? t(`folders.${folder.specialUse}` as "folders.\\Inbox") : folder.name;
          const body = (
            <>
              <FolderKindIcon specialUse={folder.specialUse} className="shrink-0" />
              <span className="truncate">{name}</span>
              {folder.unreadCount > 0 && (
                <span className="ml-auto text-xs font-semibold tabular-nums" aria-label={t("nav.unread", { count: folder.unreadCount })}>
                  {format.number(folder.unreadCount)}
                </span>
              )}
            </>
          );
          const style = { paddingLeft: `${0.75 + folder.depth * 1}rem` };
          const cls = `flex items-center gap-3 rounded-r-full py-1.5 pr-3 text-sm ${
            active ? "bg-blue-100 font-semibold text-blue-900" : folder.unreadCount ? "font-semibold" : "text-slate-700"
          }`;
          return (
            <li key={folder.path}>
              {folder.selectable ? (
                <Link href={folderHref(folder.path)} aria-current={active ? "page" : undefined} style={style} className={`${cls} hover:bg-slate-200/70`}>
                  {body}
                </Link>
              ) : (
                <span style={style} className={`${cls} text-slate-500`}>{body}</span>
              )}
            </li>
          );
        })}
      </ul>
      <OutboxLink />
    </nav>
  );
}
