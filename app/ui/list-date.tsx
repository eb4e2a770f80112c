"use client";
// A message date shown in the reader's own time zone and language ("3:05 PM", "Yesterday", "Mar 5").
import { useEffect, useState } from "react";
import { useLocale, useTranslations } from "use-intl";
import { formatFullDate, formatListDate } from "@/lib/i18n/relative-date";

export function ListDate({ iso, full = false }: { iso: string; full?: boolean }) {
  const locale = useLocale();
  const t = useTranslations("time");
  // The server does not know the browser's time zone: render after mount, so
  // the text is computed where the zone is known (no hydration mismatch).
  const [text, setText] = useState<string | null>(null);
  const [title, setTitle] = useState<string>(iso);
  useEffect(() => {
    const date = new Date(iso);
    const tick = () => {
      setText(full ? formatFullDate(date, { locale }) : formatListDate(date, new Date(), { locale, words: { now: t("now"), yesterday: t("yesterday") } }));
      setTitle(formatFullDate(date, { locale }));
    };
    tick();
    const timer = setInterval(tick, 60_000);
    return () => clearInterval(timer);
  }, [iso, full, locale, t]);
  return (
    <time dateTime={iso} title={title} suppressHydrationWarning>
      {text ?? "\u00a0"}
    </time>
  );
}
