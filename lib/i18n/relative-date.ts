/**
 * Building an Intl formatter costs far more than using one (~0.1 ms each in
 * V8, and a list row's date needed five): a list formatted its rows in ~0.5 ms
 * apiece, 25 ms for a page and again at every minute's tick, and scrolling
 * paid it for each row coming into view. So each formatter is built once per
 * language, time zone and shape, and kept.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

/** The shapes of date text used here, by name (the name is the cache key). */
const SHAPES = {
  day: { year: "numeric", month: "2-digit", day: "2-digit" },
  year: { year: "numeric" },
  time: { hour: "numeric", minute: "2-digit" },
  dayMonth: { month: "short", day: "numeric" },
  fullDay: { year: "numeric", month: "short", day: "numeric" },
  full: { dateStyle: "full", timeStyle: "short" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

function dateFormat(locale: string, timeZone: string | undefined, shape: keyof typeof SHAPES): Intl.DateTimeFormat {
  const key = `${shape}|${locale}|${timeZone ?? ""}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, { ...SHAPES[shape], timeZone })));
  return format;
}

function minutesAgoFormat(locale: string): Intl.RelativeTimeFormat {
  let format = relativeFormats.get(locale);
  if (!format) relativeFormats.set(locale, (format = new Intl.RelativeTimeFormat(locale, { numeric: "always", style: "short" })));
  return format;
}

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
  if (diffMs >= 0 && diffMs < 3_600_000) return minutesAgoFormat(locale).format(-Math.floor(diffMs / 60_000), "minute");
  // Calendar days and years are compared in the reader's zone, in a locale-neutral shape.
  const day = (d: Date) => dateFormat("en-CA", timeZone, "day").format(d);
  if (day(date) === day(now)) return dateFormat(locale, timeZone, "time").format(date);
  if (day(date) === day(new Date(now.getTime() - 86_400_000))) return words.yesterday;
  const year = (d: Date) => dateFormat("en", timeZone, "year").format(d);
  return dateFormat(locale, timeZone, year(date) === year(now) ? "dayMonth" : "fullDay").format(date);
}

/** The full date and time, for tooltips and the reader's header. */
export function formatFullDate(date: Date, options: { locale: string; timeZone?: string }): string {
  return dateFormat(options.locale, options.timeZone, "full").format(date);
}
