"use client";
// Delete and mark-unread for the open message.
import { useState, useTransition } from "react";
import { useTranslations } from "use-intl";
import { deleteMessageAction, markUnreadAction } from "@/app/(mail)/actions";
import { MailIcon, TrashIcon } from "./icons";

export function ReaderActions({ path, uid }: { path: string; uid: number }) {
  const t = useTranslations("reader");
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = (action: typeof deleteMessageAction) =>
    start(async () => {
      const result = await action(path, uid);
      if (result && !result.ok) setError(result.message ?? null);
    });
  const button = "flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-200 disabled:opacity-50";
  return (
    <div className="flex items-center gap-1">
      <button type="button" className={button} disabled={pending} onClick={() => run(deleteMessageAction)}>
        <TrashIcon width={16} height={16} /> {t("delete")}
      </button>
      <button type="button" className={button} disabled={pending} onClick={() => run(markUnreadAction)}>
        <MailIcon width={16} height={16} /> {t("markUnread")}
      </button>
      {error && <span role="alert" className="text-sm text-red-700">{error}</span>}
    </div>
  );
}
