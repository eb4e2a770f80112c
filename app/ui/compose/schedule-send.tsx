"use client";
// "Schedule send": pick a local date and time; the message waits in the outbox until then.
import { useState } from "react";
import { useTranslations } from "use-intl";

/** The value a datetime-local input wants for a moment, in the browser's time zone. */
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function ScheduleSend({ disabled, onSchedule, error }: { disabled: boolean; onSchedule: (isoTime: string) => void; error?: string }) {
  const t = useTranslations("compose");
  const [open, setOpen] = useState(Boolean(error));
  const [value, setValue] = useState(() => localInputValue(new Date(Date.now() + 60 * 60_000)));
  const button = "rounded-full border border-slate-300 px-4 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-60";
  if (!open) {
    return <button type="button" className={button} disabled={disabled} onClick={() => setOpen(true)}>{t("schedule")}</button>;
  }
  return (
    <span className="flex flex-wrap items-center gap-2">
      <label className="flex items-center gap-2 text-sm">
        {t("scheduleAt")}
        <input type="datetime-local" value={value} min={localInputValue(new Date())} onChange={(e) => setValue(e.target.value)}
          aria-invalid={Boolean(error)} className="rounded border border-slate-300 px-2 py-1 text-sm" />
      </label>
      <button type="button" className={button} disabled={disabled || !value} onClick={() => onSchedule(new Date(value).toISOString())}>
        {t("scheduleConfirm")}
      </button>
      <button type="button" className="text-sm text-slate-600 hover:underline" onClick={() => setOpen(false)}>{t("cancel")}</button>
      {error && <span role="alert" className="text-xs text-red-700">{error}</span>}
    </span>
  );
}
