"use client";
// On a message of the Drafts folder: continue writing it.
import { useState, useTransition } from "react";
import { useTranslations } from "use-intl";
import { editImapDraftAction } from "@/app/(mail)/compose/actions";
import { DraftIcon } from "./icons";

export function EditDraftButton({ messageId }: { messageId: string }) {
  const t = useTranslations("compose");
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="flex items-center gap-2">
      <button type="button" disabled={pending}
        onClick={() => start(async () => {
          const result = await editImapDraftAction(messageId);
          if (result && !result.ok) setError(result.message);
        })}
        className="flex items-center gap-1.5 rounded-full bg-blue-600 px-4 py-1.5 text-sm font-semibold text-white hover:bg-blue-700 disabled:opacity-60">
        <DraftIcon /> {t("edit")}
      </button>
      {error && <span role="alert" className="text-sm text-red-700">{error}</span>}
    </span>
  );
}
