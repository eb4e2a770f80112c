"use client";
// The undo-send delay: how long a sent message waits in the outbox (0-60 s).
import { useState, useTransition, type FormEvent } from "react";
import { useTranslations } from "use-intl";
import { setUndoSendSecondsAction } from "@/app/(mail)/settings/actions";
import { UNDO_SEND_MAX_SECONDS } from "@/lib/compose/identity-input";

export function UndoSendSetting({ seconds }: { seconds: number }) {
  const t = useTranslations("settings");
  const [value, setValue] = useState(String(seconds));
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const number = Number(value);
  const valid = value.trim() !== "" && Number.isInteger(number) && number >= 0 && number <= UNDO_SEND_MAX_SECONDS;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    start(async () => {
      const outcome = await setUndoSendSecondsAction(value);
      setResult(outcome.ok ? { ok: true, text: t("saved") } : { ok: false, text: outcome.message });
    });
  };

  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="undo-send-form">
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium text-slate-700">{t("undoLabel")}</span>
        <span className="flex items-center gap-2">
          <input type="number" name="undoSendSeconds" min={0} max={UNDO_SEND_MAX_SECONDS} step={1} required value={value}
            onChange={(e) => { setValue(e.target.value); setResult(null); }}
            aria-invalid={!valid || (result !== null && !result.ok)}
            className="w-24 rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
          <span className="text-slate-600" data-testid="undo-send-preview">{valid ? t("undoSeconds", { seconds: number }) : ""}</span>
        </span>
      </label>
      <button type="submit" disabled={pending || !valid}
        className="rounded-md bg-blue-600 px-4 py-1.5 text-sm font-semibold text-white hover:bg-blue-700 disabled:opacity-60">
        {pending ? t("saving") : t("save")}
      </button>
      {result && (
        <p role={result.ok ? "status" : "alert"} data-testid="undo-send-result" className={`text-sm ${result.ok ? "text-emerald-700" : "text-red-700"}`}>
          {result.text}
        </p>
      )}
    </form>
  );
}
