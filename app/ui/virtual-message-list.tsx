"use client";
// A message list that stays fast at any length: only the rows in view (plus a
// margin) are in the DOM (TanStack Virtual), and in a folder older pages are
// fetched from /api/folders/messages as the user scrolls towards the end.
//
// The server renders the first page as plain rows and links, so the list is
// usable before (and without) JavaScript. Those rows also stay in the DOM
// while the user is near the top, so hydration changes nothing and in-page
// find works on them; further down only the visible window is rendered.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from "react";
import { useRouter } from "next/navigation";
import { defaultRangeExtractor, useVirtualizer, type Range } from "@tanstack/react-virtual";
import { useLocale, useTranslations } from "use-intl";
import type { ListRow } from "@/lib/mail/list-messages";
import { folderHref, messageHref } from "@/lib/mail/folder-url";
import styles from "./message-list.module.css";
import { recallPlace, rememberPlace, type ListPlace } from "./list-memory";
import { MessageRow, type ListClock, type MessageListLabels } from "./message-row";
import { useOlderRows } from "./use-older-rows";

/** A row's height in px before it is measured (one line of text-sm, padding, border). */
const ROW_ESTIMATE = 41;
const estimateSize = () => ROW_ESTIMATE;
/** Rows rendered beyond each edge of the view. */
const OVERSCAN = 12;
/** Fetch the next page when the view comes this close to the last loaded row. */
const LOOKAHEAD = 25;

export interface VirtualMessageListProps {
  rows: ListRow[];
  labels: MessageListLabels;
  /** The folder the rows are in: enables loading older pages. Without it (search), rows carry their folder. */
  folder?: string;
  /** Keyset cursor after the last row, or null at the end of the folder. */
  older?: string | null;
  /** 1-based position of rows[0] in the folder. */
  firstIndex?: number;
  /** How many messages the folder has. */
  total?: number;
  /** Told which rows (0-based, into the loaded rows) are in view as the user scrolls. */
  onVisibleChange?: (first: number, last: number) => void;
}

export function VirtualMessageList({ rows: serverRows, labels, folder, older: serverOlder = null, firstIndex = 1, total, onVisibleChange }: VirtualMessageListProps) {
  const router = useRouter();
  // Back from a message: the list as it was left (rows fetched, scroll position).
  const [resume] = useState(() => (folder ? recallPlace(folder, serverRows[0]?.id) : null));
  const { rows, extra, older, loading, error, loadOlder } = useOlderRows(folder, serverRows, serverOlder, resume);
  const clock = useClock();
  const t = useTranslations("messageList");
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);

  // The server-rendered rows stay while the view is within reach of them (see the top of the file).
  const keep = serverRows.length;
  const rangeExtractor = useCallback((range: Range) => {
    const indexes = defaultRangeExtractor(range);
    if (!indexes.length || indexes[0]! > keep) return indexes;
    const end = Math.min(Math.max(indexes.at(-1)!, keep - 1), range.count - 1);
    return Array.from({ length: end + 1 }, (_, i) => i);
  }, [keep]);

  // Stable callbacks: the virtualizer recomputes its layout when they change.
  const getItemKey = useCallback((index: number) => rows[index]!.id, [rows]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize,
    getItemKey,
    overscan: OVERSCAN,
    rangeExtractor,
    // On the server (and in the first browser render, to match it) the whole first page is "in view".
    initialRect: { width: 0, height: keep * ROW_ESTIMATE },
    initialOffset: resume?.offset ?? 0,
  });

  // Remembered when the list goes away, for a Back to it.
  const place = useRef<Omit<ListPlace, "offset"> | null>(null);
  useEffect(() => {
    place.current = { topId: rows[0]?.id ?? "", extra, older };
  });
  useEffect(() => () => {
    if (folder && place.current) rememberPlace(folder, { ...place.current, offset: virtualizer.scrollOffset ?? 0 });
  }, [folder, virtualizer]);
  const items = virtualizer.getVirtualItems();
  const visible = virtualizer.range;

  // Near the end of what is loaded: fetch the next page (not before the browser has laid the list out).
  const end = visible?.endIndex ?? 0;
  useEffect(() => {
    if (clock && older && !loading && !error && end >= rows.length - LOOKAHEAD) void loadOlder();
  }, [clock, older, loading, error, end, rows.length, loadOlder]);

  const start = visible?.startIndex ?? 0;
  useEffect(() => {
    if (clock) onVisibleChange?.(start, end);
  }, [clock, start, end, onVisibleChange]);

  // Arrow keys, Home and End move between rows; the target row may first have to be scrolled
  // into the DOM, so it is focused after the render that brings it (keys pressed meanwhile
  // count from it, not from the row that still has the focus).
  const focusTarget = useRef<number | null>(null);
  const [, setFocusTick] = useState(0);
  useLayoutEffect(() => {
    if (focusTarget.current === null) return;
    const link = list.current?.querySelector<HTMLAnchorElement>(`li[data-index="${focusTarget.current}"] a`);
    if (link) {
      link.focus({ preventScroll: true });
      focusTarget.current = null;
    }
  });
  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const row = (event.target as Element).closest<HTMLLIElement>("li[data-index]");
    if (!row || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const index = focusTarget.current ?? Number(row.dataset.index);
    const target = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: rows.length - 1 }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    focusTarget.current = Math.max(0, Math.min(rows.length - 1, target));
    virtualizer.scrollToIndex(focusTarget.current, { align: "auto" });
    setFocusTick((n) => n + 1);
  };

  // One handler for every row's link: a plain click opens the message in the app, without
  // prefetching (opening marks it read, which only a real click should do). Modified clicks
  // (new tab, new window) are left to the browser.
  const onClick = (event: MouseEvent<HTMLUListElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const link = (event.target as Element).closest("a");
    if (!link || !event.currentTarget.contains(link) || link.target) return;
    event.preventDefault();
    router.push(link.getAttribute("href")!);
  };

  const hrefOf = useCallback((row: ListRow) => messageHref(row.folder ?? folder ?? "INBOX", row.uid), [folder]);
  const before = items[0]?.start ?? 0;
  const after = Math.max(0, virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0));
  const olderHref = folder && older ? `${folderHref(folder)}?after=${older}&i=${firstIndex + rows.length}` : null;

  return (
    <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto">
      <ul ref={list} data-testid="message-list" className={`border-t border-slate-200 ${styles.list}`} style={{ paddingTop: before, paddingBottom: after }}
        onClick={onClick} onKeyDown={onKeyDown}>
        {items.map((item) => {
          const row = rows[item.index]!;
          return (
            <MessageRow key={item.key} row={row} href={hrefOf(row)} index={item.index} position={firstIndex + item.index}
              setSize={total} labels={labels} clock={clock} measure={virtualizer.measureElement} />
          );
        })}
      </ul>
      {folder && (loading || error || olderHref) && (
        <div className="flex items-center justify-center gap-3 px-4 py-3 text-sm text-slate-600">
          {loading ? (
            <span role="status">{t("loadingOlder")}</span>
          ) : error ? (
            <>
              <span role="alert" className="text-red-700">{t("loadFailed", { message: error })}</span>
              <button type="button" onClick={() => void loadOlder()} className="rounded-md px-3 py-1.5 font-medium hover:bg-slate-200">{t("retry")}</button>
            </>
          ) : (
            // Without JavaScript (or before it runs) the next page is a link away.
            <a href={olderHref!} className="rounded-md px-3 py-1.5 font-medium hover:bg-slate-200">{t("olderMessages")} ›</a>
          )}
        </div>
      )}
    </div>
  );
}

/** Dates are relative to now and shown in the reader's zone: null on the server and in the first render. */
function useClock(): ListClock | null {
  const locale = useLocale();
  const t = useTranslations("time");
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const words = useMemo(() => ({ now: t("now"), yesterday: t("yesterday") }), [t]);
  return useMemo(() => (now === null ? null : { now, locale, words }), [now, locale, words]);
}
