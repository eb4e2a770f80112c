"use client";
// Writing a message. What the user typed lives in this component's state, so
// a failed send (bad address, SMTP rejection, network) never loses a word.
import { useActionState, useState, startTransition, type FormEvent } from "react";
import { useTranslations } from "use-intl";
import { sendMessageAction, type ActionResult } from "@/app/(mail)/actions";

type Field = "to" | "cc" | "bcc" | "subject" | "body";
const EMPTY: Record<Field, string> = { to: "", cc: "", bcc: "", subject: "", body: "" };

const input = "w-full border-0 bg-transparent px-0 py-2 text-sm focus:outline-none focus:ring-0";

/** Starting values of a reply or forward, with its threading fields. */
export interface ComposeInitial extends Record<Field, string> {
  inReplyTo: string;
  references: string;
  original: string;
}

export function ComposeForm({ from, initial }: { from: string; initial?: Omit<ComposeInitial, "bcc"> }) {
  const t = useTranslations("compose");
  const [values, setValues] = useState<Record<Field, string>>(initial ? { ...EMPTY, ...initial } : EMPTY);
  const [showCc, setShowCc] = useState(Boolean(initial?.cc));
  const [result, send, pending] = useActionState<ActionResult | null, FormData>(async (previous, form) => {
    const outcome = await sendMessageAction(previous, form);
    if (outcome.ok) setValues(EMPTY);
    return outcome;
  }, null);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    // Submitting by hand (not <form action>) keeps React from resetting the fields.
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => send(form));
  };
  const set = (field: Field) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));
  const errorsOf = (field: Field) => result?.errors?.[field];

  const row = (field: "to" | "cc" | "bcc", extra?: React.ReactNode) => (
    <div className="border-b border-slate-200">
      <label className="flex items-center gap-3">
        <span className="w-20 shrink-0 text-sm text-slate-500">{t(field)}</span>
        <input name={field} value={values[field]} onChange={set(field)} className={input} autoComplete="off" spellCheck={false}
          aria-invalid={Boolean(errorsOf(field))} aria-describedby={errorsOf(field) ? `${field}-error` : undefined}
          placeholder={field === "to" ? t("addressHint") : undefined} />
        {extra}
      </label>
      {errorsOf(field) && (
        <p id={`${field}-error`} role="alert" className="pb-2 pl-[5.75rem] text-xs text-red-700">{errorsOf(field)!.join(" ")}</p>
      )}
    </div>
  );

  return (
    <form onSubmit={onSubmit} className="flex flex-1 flex-col rounded-xl border border-slate-200 bg-white px-4 shadow-sm">
      {initial && (
        <>
          <input type="hidden" name="inReplyTo" value={initial.inReplyTo} />
          <input type="hidden" name="references" value={initial.references} />
          <input type="hidden" name="original" value={initial.original} />
        </>
      )}
      <div className="flex items-center gap-3 border-b border-slate-200 py-2 text-sm">
        <span className="w-20 shrink-0 text-slate-500">{t("from")}</span>
        <span>{from}</span>
      </div>
      {row("to", !showCc && (
        <button type="button" onClick={() => setShowCc(true)} className="shrink-0 text-sm text-slate-600 hover:underline">{t("showCcBcc")}</button>
      ))}
      {(showCc || values.cc || values.bcc || errorsOf("cc") || errorsOf("bcc")) && (<>{row("cc")}{row("bcc")}</>)}
      <label className="flex items-center gap-3 border-b border-slate-200">
        <span className="w-20 shrink-0 text-sm text-slate-500">{t("subject")}</span>
        <input name="subject" value={values.subject} onChange={set("subject")} className={input} maxLength={998} />
      </label>
      <label className="flex flex-1 flex-col">
        <span className="sr-only">{t("body")}</span>
        <textarea name="body" value={values.body} onChange={set("body")} autoFocus={Boolean(initial)}
          className={`${input} min-h-72 flex-1 resize-none leading-relaxed`} />
      </label>
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 py-3">
        <button type="submit" disabled={pending}
          className="rounded-full bg-blue-600 px-6 py-2 text-sm font-semibold text-white shadow hover:bg-blue-700 disabled:opacity-60">
          {pending ? t("sending") : t("send")}
        </button>
        {result?.ok && (
          <p role="status" className="text-sm text-emerald-700">
            {t("sent")}
            {result.message && <span className="block whitespace-pre-line text-amber-800">{t("partlyRejected")} {result.message}</span>}
          </p>
        )}
        {result && !result.ok && result.message && (
          <p role="alert" className="whitespace-pre-line text-sm text-red-700">{result.message}</p>
        )}
      </div>
    </form>
  );
}
