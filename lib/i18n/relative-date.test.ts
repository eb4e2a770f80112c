import { describe, expect, it, vi } from "vitest";
import { formatFullDate, formatListDate } from "./relative-date";

const words = { now: "just now", yesterday: "Yesterday" };
const now = new Date("2026-11-24T10:00:00Z");
const fmt = (iso: string, timeZone = "UTC", locale = "en") => formatListDate(new Date(iso), now, { locale, timeZone, words });

describe("formatListDate", () => {
  it("says 'just now' and minutes ago within the hour", () => {
    expect(fmt("2026-11-24T09:59:30Z")).toBe("just now");
    expect(fmt("2026-11-24T09:45:00Z")).toBe("15 min. ago");
  });

  it("shows the time for earlier today and 'Yesterday' for the day before", () => {
    expect(fmt("2026-11-24T07:05:00Z")).toBe("7:05 AM");
    expect(fmt("2026-11-23T22:00:00Z")).toBe("Yesterday");
  });

  it("decides 'today' in the reader's time zone", () => {
    // 00:30 on the 24th in Seoul is 15:30 on the 23rd in UTC.
    expect(fmt("2026-11-23T15:30:00Z", "Asia/Seoul")).toBe("12:30 AM");
    expect(fmt("2026-11-23T15:30:00Z", "UTC")).toBe("Yesterday");
  });

  it("shows day and month this year, and the year before that", () => {
    expect(fmt("2026-03-05T12:00:00Z")).toBe("Mar 5");
    expect(fmt("2024-03-05T12:00:00Z")).toBe("Mar 5, 2024");
    expect(fmt("2024-03-05T12:00:00Z", "UTC", "ko")).toBe("2024년 3월 5일");
  });

  it("builds each formatter once, not once per row (a list formats hundreds of dates)", () => {
    const Original = Intl.DateTimeFormat;
    let built = 0;
    Intl.DateTimeFormat = class extends Original {
      constructor(...args: ConstructorParameters<typeof Original>) {
        super(...args);
        built++;
      }
    } as typeof Original;
    try {
      // A zone no other test used, so its formatters are built here.
      const rows = Array.from({ length: 50 }, (_, i) => new Date(now.getTime() - i * 7 * 3_600_000));
      const format = () => rows.map((d) => [fmt(d.toISOString(), "Europe/Berlin"), formatFullDate(d, { locale: "en", timeZone: "Europe/Berlin" })]);
      const first = format();
      expect(built).toBeGreaterThan(0);
      expect(built).toBeLessThanOrEqual(6);
      const afterFirst = built;
      expect(format()).toEqual(first);
      expect(built).toBe(afterFirst);
    } finally {
      Intl.DateTimeFormat = Original;
    }
  });
});
