"use client";
// What can be done to the open message: star, archive, spam, delete, mark unread.
import { useState, useTransition } from "react";
import { useTranslations } from "use-intl";
import { deleteMessageAction, markUnreadAction, moveMessageAction, setFlaggedAction } from "@/app/(mail)/actions";
import { ArchiveIcon, JunkIcon, MailIcon, StarIcon, TrashIcon } from "./icons";

export function ReaderActions(props: { path: string; uid: number; flagged: boolean; specialUse: string | null; canArchive: boolean; canJunk: boolean }) {
  const { path, uid } = props;
  const t = useTranslations("reader");
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [flagged, setFlagged] = useState(props.flagged);
  const run = (action: () => Promise<{ ok: boolean; message?: string } | undefined>, after?: () => void) =>
    start(async () => {
      const result = await action();
      if (result && !result.ok) setError(result.message ?? null);
      else after?.();
    });
  const button = "flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-200 disabled:opacity-50";
  const inJunk = props.specialUse === "\\Junk";
  return (
    <div className="flex flex-wrap items-center gap-1">
      <button type="button" className={button} disabled={pending} aria-pressed={flagged}
        onClick={() => run(() => setFlaggedAction(path, uid, !flagged), () => setFlagged(!flagged))}>
        <StarIcon width={16} height={16} className={flagged ? "fill-amber-400 text-amber-500" : ""} /> {flagged ? t("unflag") : t("flag")}
      </button>
      {props.canArchive && props.specialUse !== "\\Archive" && (
        <button type="button" className={button} disabled={pending} onClick={() => run(() => moveMessageAction(path, uid, "archive"))}>
          <ArchiveIcon width={16} height={16} /> {t("archive")}
        </button>
      )}
      {props.canJunk && (
        <button type="button" className={button} disabled={pending} onClick={() => run(() => moveMessageAction(path, uid, inJunk ? "inbox" : "junk"))}>
          <JunkIcon width={16} height={16} /> {inJunk ? t("notJunk") : t("junk")}
        </button>
      )}
      <button type="button" className={button} disabled={pending} onClick={() => run(() => deleteMessageAction(path, uid))}>
        <TrashIcon width={16} height={16} /> {t("delete")}
      </button>
      <button type="button" className={button} disabled={pending} onClick={() => run(() => markUnreadAction(path, uid))}>
        <MailIcon width={16} height={16} /> {t("markUnread")}
      </button>
      {error && <span role="alert" className="text-sm text-red-700">{error}</span>}
    </div>
  );
}
