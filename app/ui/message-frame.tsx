"use client";
// The HTML body in an iframe sandboxed without scripts and without our origin;
// remote images stay blocked until the reader asks for them.
import { useState } from "react";
import { useTranslations } from "use-intl";

export function MessageFrame({ messageId, hasRemoteContent }: { messageId: string; hasRemoteContent: boolean }) {
  const t = useTranslations("reader");
  const [images, setImages] = useState(false);
  return (
    <div className="flex min-h-[28rem] flex-1 flex-col">
      {hasRemoteContent && !images && (
        <div className="mb-2 flex items-center justify-between gap-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <span>{t("remoteBlocked")}</span>
          <button type="button" onClick={() => setImages(true)} className="rounded-md px-2 py-1 font-semibold hover:bg-amber-100">
            {t("showImages")}
          </button>
        </div>
      )}
      <iframe
        title="message-body"
        src={`/api/messages/${messageId}/html${images ? "?images=1" : ""}`}
        // No allow-scripts, no allow-same-origin: the mail runs nothing and reaches nothing of ours.
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        referrerPolicy="no-referrer"
        className="w-full flex-1 rounded-md border border-slate-200 bg-white"
      />
    </div>
  );
}
