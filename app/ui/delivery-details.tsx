"use client";
// "Delivery details" of a sent message: the SMTP server's reply to every step of the submission
// (greeting, EHLO, MAIL FROM, each RCPT TO, DATA, the final reply with its queue id), when each
// happened, and the recipients it refused.
import { useEffect, useState } from "react";
import { useLocale, useTranslations } from "use-intl";
import { deliverySteps, queueIdOf, type DeliveryStep, type DialogueLine } from "@/lib/mail/delivery-transcript";
import { ListDate } from "./list-date";

/** What the details show, with dates as ISO strings (it crosses from the server). */
export interface DeliveryView {
  transcript: DialogueLine[];
  rejected: { address: string; code: number | null; reply: string }[];
  queueId: string | null;
  acceptedAt: string | null;
}

const VERB: Partial<Record<DeliveryStep["kind"], string>> = {
  ehlo: "EHLO", starttls: "STARTTLS", auth: "AUTH", mail: "MAIL FROM", rcpt: "RCPT TO", data: "DATA", rset: "RSET", quit: "QUIT",
};

/** A time of day with milliseconds, in the browser's zone (after mount: the server does not know it). */
function TimeOfDay({ iso }: { iso: string }) {
  const locale = useLocale();
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    setText(new Date(iso).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit", second: "2-digit", fractionalSecondDigits: 3 }));
  }, [iso, locale]);
  return <time dateTime={iso} suppressHydrationWarning className="tabular-nums">{text ?? "\u00a0"}</time>;
}

/** The server's reply with its code in front (nodemailer's text usually starts with it already). */
const withCode = (r: { code: number | null; reply: string }) => (r.code === null || r.reply.startsWith(String(r.code)) ? r.reply : `${r.code} ${r.reply}`);

const replyColour = (code: number | null) =>
  code === null ? "text-slate-500" : code >= 500 ? "text-red-700" : code >= 400 ? "text-amber-700" : "text-slate-800";

/** The details themselves (a table of steps), for the reader's disclosure and the outbox. */
export function DeliveryTranscript({ view }: { view: DeliveryView }) {
  const t = useTranslations("outbox");
  const steps = deliverySteps(view.transcript);
  const final = steps.findLast((s) => s.kind === "message");
  const queueId = view.queueId ?? queueIdOf(final?.reply);
  return (
    <div className="space-y-3 text-sm">
      {(queueId || view.acceptedAt) && (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
          {queueId && (<><dt className="text-slate-500">{t("queueId")}</dt><dd className="font-mono break-all" data-testid="delivery-queue-id">{queueId}</dd></>)}
          {view.acceptedAt && (<><dt className="text-slate-500">{t("submittedAt")}</dt><dd><ListDate iso={view.acceptedAt} full /></dd></>)}
        </dl>
      )}
      {view.rejected.length > 0 && (
        <div>
          <p className="font-medium text-red-800">{t("rejectedTitle")}</p>
          <ul className="list-inside list-disc text-red-800" data-testid="delivery-rejected">
            {view.rejected.map((r) => (
              <li key={r.address} className="break-all">{t("recipientRefused", { address: r.address, reply: withCode(r) })}</li>
            ))}
          </ul>
        </div>
      )}
      {steps.length === 0 ? (
        <p className="text-slate-500">{t("noTranscript")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-left font-mono text-xs" data-testid="delivery-transcript">
            <thead className="font-sans text-slate-500">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">{t("time")}</th>
                <th scope="col" className="py-1 pr-3 font-medium">{t("step")}</th>
                <th scope="col" className="py-1 pr-3 font-medium">{t("command")}</th>
                <th scope="col" className="py-1 font-medium">{t("reply")}</th>
              </tr>
            </thead>
            <tbody>
              {steps.map((step, i) => (
                <tr key={i} className="border-t border-slate-200 align-top" data-step={step.kind}>
                  <td className="py-1 pr-3 whitespace-nowrap text-slate-500"><TimeOfDay iso={step.repliedAt ?? step.at} /></td>
                  <td className="py-1 pr-3 font-sans whitespace-nowrap">
                    {step.kind === "greeting" ? t("stepGreeting") : step.kind === "message" ? t("stepMessage") : VERB[step.kind] ?? step.command?.split(" ")[0]}
                  </td>
                  <td className="py-1 pr-3 break-all">{step.command ?? ""}</td>
                  <td className={`py-1 break-all whitespace-pre-wrap ${replyColour(step.code)}`}>{step.reply ?? t("noReply")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** The reader's closed-by-default disclosure around {@link DeliveryTranscript}. */
export function DeliveryDetails({ view }: { view: DeliveryView }) {
  const t = useTranslations("outbox");
  return (
    <details className="rounded-md border border-slate-200 bg-white px-3 py-2" data-testid="delivery-details">
      <summary className="cursor-pointer text-sm font-medium text-slate-700">{t("deliveryDetails")}</summary>
      <div className="mt-2">
        <DeliveryTranscript view={view} />
      </div>
    </details>
  );
}
