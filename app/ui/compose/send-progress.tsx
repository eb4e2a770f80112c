"use client";
// What happens after Send: the undo countdown (or the scheduled time), then
// sending / will retry / sent. A refused send hands the draft back to the
// form (onReturned) with the server's reply for each recipient.
import Link from "next/link";
import { useEffect, useState } from "react";
import { useFormatter, useTranslations } from "use-intl";
import { sendNowAction, sendStatusAction, undoSendAction, type SendStatus } from "@/app/(mail)/compose/actions";

export interface QueuedSend {
  submissionId: string;
  sendAt: string;
  scheduled: boolean;
}

export function SendProgress({ queued, onReturned }: { queued: QueuedSend; onReturned: (reason: { undone: boolean; error?: string; status?: SendStatus }) => void }) {
  const t = useTranslations("compose");
  const format = useFormatter();
  const [status, setStatus] = useState<SendStatus | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const done = status?.state === "sent";
  useEffect(() => {
    if (done) return;
    let stop = false;
    const poll = async () => {
      const result = await sendStatusAction(queued.submissionId).catch(() => null);
      if (stop || !result) return;
      if (!result.ok) return setProblem(result.message);
      setStatus(result.status);
      if (result.status.state === "failed") onReturned({ undone: false, status: result.status });
      if (result.status.state === "cancelled") onReturned({ undone: true });
    };
    void poll();
    const timer = setInterval(() => {
      setNow(Date.now());
      void poll();
    }, 1000);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [queued.submissionId, done, onReturned]);

  const undo = async () => {
    setBusy(true);
    const result = await undoSendAction(queued.submissionId);
    setBusy(false);
    if (result.ok) onReturned({ undone: true });
    else setProblem(result.message);
  };
  const sendNow = async () => {
    setBusy(true);
    const result = await sendNowAction(queued.submissionId);
    setBusy(false);
    if (!result.ok) setProblem(result.message);
  };

  const state = status?.state ?? "queued";
  const seconds = Math.max(0, Math.ceil((new Date(status?.sendAt ?? queued.sendAt).getTime() - now) / 1000));
  const waiting = state === "queued" || state === "retrying";
  const button = "rounded-full border border-slate-300 px-4 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-60";
  return (
    <div className="flex flex-wrap items-center gap-3 rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-sm" data-testid="send-progress" data-state={state}>
      <p role="status" className="text-sm">
        {state === "queued" && (queued.scheduled ? t("scheduledFor", { time: format.dateTime(new Date(queued.sendAt), { dateStyle: "medium", timeStyle: "short" }) }) : t("queuedIn", { seconds }))}
        {(state === "sending" || state === "accepted") && t("sending")}
        {state === "retrying" && (
          <>
            {t("willRetry", { time: format.dateTime(new Date(status?.nextAttemptAt ?? status?.sendAt ?? queued.sendAt), { timeStyle: "medium" }) })}
            {status?.lastError && <span className="block text-xs text-amber-800">{status.lastError}</span>}
          </>
        )}
        {state === "sent" && <span className="text-emerald-700">{t("sent")}</span>}
        {state === "sent" && status?.rejected.length ? (
          <span className="block text-xs text-amber-800">
            {t("partlyRejected")} {status.rejected.map((r) => `${r.address}: ${r.reply}`).join("; ")}
          </span>
        ) : null}
      </p>
      {waiting && (
        <button type="button" onClick={undo} disabled={busy} className={button}>
          {queued.scheduled ? t("edit") : t("undo")}
        </button>
      )}
      {waiting && (queued.scheduled || state === "retrying") && (
        <button type="button" onClick={sendNow} disabled={busy} className={button}>
          {state === "retrying" ? t("retryNow") : t("sendNow")}
        </button>
      )}
      {state === "sent" && (
        <Link href="/compose" className={button}>{t("writeAnother")}</Link>
      )}
      <Link href="/outbox" className="text-sm text-slate-600 hover:underline">{t("viewOutbox")}</Link>
      {problem && <p className="w-full text-sm text-red-700">{problem}</p>}
    </div>
  );
}
