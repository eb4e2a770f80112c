"use client";
// Asks once whether to send the read receipt a message asks for (RFC 8098). Either answer is
// recorded on the server ($MDNSent), so neither this nor any other client asks again.
import { useState, useTransition } from "react";
import { useTranslations } from "use-intl";
import { answerReadReceiptAction } from "@/app/(mail)/receipt-actions";

export function ReadReceiptPrompt(props: { path: string; uid: number; sender: string; sendsTo: string | null }) {
  const t = useTranslations("receipts");
  const [pending, start] = useTransition();
  const [choice, setChoice] = useState<boolean | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const answer = (send: boolean) => {
    setChoice(send);
    setError(null);
    start(async () => {
      const result = await answerReadReceiptAction(props.path, props.uid, send);
      if (!result.ok) setError(t("failed", { message: result.message ?? "" }));
      else setDone(result.outcome === "sent" ? t("sent") : result.outcome === "declined" ? t("declined") : t("already"));
    });
  };

  if (done) {
    return <p role="status" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">{done}</p>;
  }
  const button = "rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-50";
  return (
    <section aria-label={t("asked", { sender: props.sender })} data-testid="read-receipt-prompt"
      className="flex flex-wrap items-center gap-x-3 gap-y-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm">
      <p className="min-w-0 flex-1 break-words text-amber-950">
        {t("asked", { sender: props.sender })}
        {props.sendsTo && <span className="text-amber-800"> {t("sendsTo", { address: props.sendsTo })}</span>}
      </p>
      <div className="flex gap-2">
        <button type="button" disabled={pending} onClick={() => answer(true)} className={`${button} bg-blue-600 text-white hover:bg-blue-700`}>
          {pending && choice === true ? t("sending") : t("send")}
        </button>
        <button type="button" disabled={pending} onClick={() => answer(false)} className={`${button} text-slate-700 hover:bg-amber-100`}>
          {t("decline")}
        </button>
      </div>
      {error && <p role="alert" className="w-full text-red-700">{error}</p>}
    </section>
  );
}
