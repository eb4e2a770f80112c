"use client";
// The HTML body in an iframe sandboxed without scripts and without our origin;
// remote images stay blocked until the reader asks, for this message or for
// every message from this sender.
import { useState, useTransition } from "react";
import { useTranslations } from "use-intl";
import { trustSenderAction } from "@/app/(mail)/actions";

export function MessageFrame(props: { messageId: string; hasRemoteContent: boolean; sender: string; senderTrusted: boolean }) {
  const t = useTranslations("reader");
  const [images, setImages] = useState(props.senderTrusted);
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const button = "rounded-md px-2 py-1 font-semibold hover:bg-amber-100 disabled:opacity-50";
  return (
    <div className="flex min-h-[28rem] flex-1 flex-col">
      {props.hasRemoteContent && !images && (
        <div className="mb-2 flex flex-wrap items-center justify-between gap-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <span>{t("remoteBlocked")}</span>
          <span className="flex flex-wrap items-center gap-1">
            <button type="button" onClick={() => setImages(true)} className={button}>
              {t("showImages")}
            </button>
            {props.sender && (
              <button type="button" disabled={pending} className={button}
                onClick={() => start(async () => {
                  const result = await trustSenderAction(props.sender);
                  if (result.ok) setImages(true);
                  else setError(result.message ?? null);
                })}>
                {t("alwaysShowImages", { sender: props.sender })}
              </button>
            )}
          </span>
          {error && <span role="alert" className="w-full text-red-700">{error}</span>}
        </div>
      )}
      <iframe
        title="message-body"
        src={`/api/messages/${props.messageId}/html${images ? "?images=1" : ""}`}
        // No allow-scripts, no allow-same-origin: the mail runs nothing and reaches nothing of ours.
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        referrerPolicy="no-referrer"
        className="w-full flex-1 rounded-md border border-slate-200 bg-white"
      />
    </div>
  );
}
