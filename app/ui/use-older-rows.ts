"use client";
// The rows of a folder list: the page the server rendered, then older pages
// fetched from /api/folders/messages as the user scrolls down.
import { useCallback, useMemo, useRef, useState } from "react";
import type { ListRow } from "@/lib/mail/list-messages";

interface State {
  /** The server-rendered page this state was built on. */
  base: ListRow[];
  /** Older rows fetched since, in order. */
  extra: ListRow[];
  /** Keyset cursor after the last row, or null at the end of the folder. */
  older: string | null;
  loading: boolean;
  error: string | null;
}

/** True when `a` comes after `b` in the list's newest-first order. */
const isOlder = (a: ListRow, b: ListRow) => a.at < b.at || (a.at === b.at && a.uid < b.uid);

/** `resume`: rows fetched beyond `base` earlier, and the cursor after them (Back to a list, list-memory.ts). */
export function useOlderRows(folder: string | undefined, base: ListRow[], baseOlder: string | null, resume: { extra: ListRow[]; older: string | null } | null) {
  const [state, setState] = useState<State>(() => ({ base, extra: resume?.extra ?? [], older: resume ? resume.older : baseOlder, loading: false, error: null }));
  // Every cursor asked for, kept after its page arrived: until React renders that page, a
  // scroll event can still call the previous render's loadOlder with the same cursor.
  const requested = useRef(new Set<string>());
  let current = state;
  if (state.base !== base) {
    // A new server page (router.refresh after new mail, flag changes): it
    // replaces the top, and the rows loaded below it stay where they were, so
    // the list does not jump back to its first 50 rows. Both are the top of
    // the same order, so what was loaded beyond the new page's last row
    // continues it without a gap.
    const last = base.at(-1);
    const extra = state.extra.length && baseOlder && last ? [...state.base, ...state.extra].filter((r) => isOlder(r, last)) : [];
    current = { base, extra, older: extra.length ? state.older : baseOlder, loading: false, error: null };
    setState(current);
    // Starting again from the new page: its cursor may be asked for again.
    if (!extra.length) requested.current.clear();
  }
  const { base: top, extra } = current;
  const rows = useMemo(() => (extra.length ? [...top, ...extra] : top), [top, extra]);

  const loadOlder = useCallback(async () => {
    const cursor = current.older;
    if (!folder || !cursor || requested.current.has(cursor)) return;
    requested.current.add(cursor);
    setState((s) => ({ ...s, loading: true, error: null }));
    try {
      const response = await fetch(`/api/folders/messages?folder=${encodeURIComponent(folder)}&after=${cursor}`);
      const body = (await response.json().catch(() => null)) as { rows?: ListRow[]; older?: string | null; error?: string } | null;
      if (!response.ok || !body?.rows) throw new Error(body?.error ?? `The server answered ${response.status} ${response.statusText}.`);
      const next = body.rows;
      setState((s) => {
        // Only if the list still ends where this page begins (a refresh may have moved it);
        // otherwise the cursor may be asked for again.
        if (s.older !== cursor) {
          requested.current.delete(cursor);
          return { ...s, loading: false };
        }
        const last = s.extra.at(-1) ?? s.base.at(-1);
        const fresh = last ? next.filter((r) => isOlder(r, last)) : next;
        return { ...s, extra: [...s.extra, ...fresh], older: body.older ?? null, loading: false };
      });
    } catch (error) {
      requested.current.delete(cursor);
      setState((s) => ({ ...s, loading: false, error: error instanceof Error ? error.message : String(error) }));
    }
  }, [folder, current.older]);

  return { rows, extra, older: current.older, loading: current.loading, error: current.error, loadOlder };
}
