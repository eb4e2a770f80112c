/**
 * How a list shows when a message arrived, like Gmail: minutes ago for the
 * last hour, the time for today, "Yesterday", the day and month this year,
 * the full date before that. All in the reader's own time zone.
 */
export function formatListDate(
  date: Date,
  now: Date,
  options: { locale: string; timeZone?: string; words: { now: string; yesterday: string } },
): string {
  const { locale, timeZone, words } = options;
  const diffMs = now.getTime() - date.getTime();
  if (diffMs >= 0 && diffMs < 60_000) return words.now;
  if (diffMs >= 0 && diffMs < 3_600_000) {
    return new Intl.RelativeTimeFormat(locale, { numeric: "always", style: "short" }).format(-Math.floor(diffMs / 60_000), "minute");
  }
  const day = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
  if (day(date) === day(now)) {
    return new Intl.DateTimeFormat(locale, { timeZone, hour: "numeric", minute: "2-digit" }).format(date);
  }
  if (day(date) === day(new Date(now.getTime() - 86_400_000))) return words.yesterday;
  const year = (d: Date) => new Intl.DateTimeFormat("en", { timeZone, year: "numeric" }).format(d);
  if (year(date) === year(now)) {
    return new Intl.DateTimeFormat(locale, { timeZone, month: "short", day: "numeric" }).format(date);
  }
  return new Intl.DateTimeFormat(locale, { timeZone, year: "numeric", month: "short", day: "numeric" }).format(date);
}

/** The full date and time, for tooltips and the reader's header. */
export function formatFullDate(date: Date, options: { locale: string; timeZone?: string }): string {
  return new Intl.DateTimeFormat(options.locale, {
    timeZone: options.timeZone, dateStyle: "full", timeStyle: "short",
  }).format(date);
}
