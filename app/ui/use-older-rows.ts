"use client";
// The rows of a folder list: the page the server rendered, then older pages
// fetched from /api/folders/messages as the user scrolls down.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ListRow } from "@/lib/mail/list-messages";
import { MAX_ROWS } from "@/lib/mail/list-paging";

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

/**
 * The state on a new server page (router.refresh after new mail, flag changes): it replaces
 * the top, and the rows loaded below it stay where they were, so the list does not jump back
 * to its first 50 rows. Both are the top of the same order, so what was loaded beyond the new
 * page's last row continues it without a gap.
 */
function rebase(state: State, base: ListRow[], baseOlder: string | null): State {
  const last = base.at(-1);
  const extra = state.extra.length && baseOlder && last ? [...state.base, ...state.extra].filter((r) => isOlder(r, last)) : [];
  return { base, extra, older: extra.length ? state.older : baseOlder, loading: false, error: null };
}

/** Rows of `folder` older than the cursor `after`: a page, or `limit` rows. */
async function fetchRows(folder: string, after: string, limit?: number, signal?: AbortSignal): Promise<{ rows: ListRow[]; older: string | null }> {
  const url = `/api/folders/messages?folder=${encodeURIComponent(folder)}&after=${after}${limit ? `&limit=${limit}` : ""}`;
  const response = await fetch(url, { signal });
  const body = (await response.json().catch(() => null)) as { rows?: ListRow[]; older?: string | null; error?: string } | null;
  if (!response.ok || !body?.rows) throw new Error(body?.error ?? `The server answered ${response.status} ${response.statusText}.`);
  return { rows: body.rows, older: body.older ?? null };
}

/** `resume`: rows fetched beyond `base` earlier, and the cursor after them (Back to a list, list-memory.ts). */
export function useOlderRows(folder: string | undefined, base: ListRow[], baseOlder: string | null, resume: { extra: ListRow[]; older: string | null } | null) {
  const [state, setState] = useState<State>(() => ({ base, extra: resume?.extra ?? [], older: resume ? resume.older : baseOlder, loading: false, error: null }));
  // Every cursor asked for, kept after its page arrived: until React renders that page, a
  // scroll event can still call the previous render's loadOlder with the same cursor.
  const requested = useRef(new Set<string>());
  // The ones still on their way: forgetting what was asked (a new server page, a re-read)
  // must not let a scroll ask for them a second time.
  const inFlight = useRef(new Set<string>());
  const forgetRequested = () => {
    requested.current = new Set(inFlight.current);
  };
  let current = state;
  if (state.base !== base) {
    current = rebase(state, base, baseOlder);
    // As an update function, not the state just computed: a page that arrived while this
    // render ran (a refresh renders as a transition, which a fetch's update can overtake)
    // is rebased with the rest instead of being overwritten, and fetched a second time.
    setState((s) => (s.base === base ? s : rebase(s, base, baseOlder)));
    // Starting again from the new page: its cursor may be asked for again.
    if (!current.extra.length) forgetRequested();
  }
  const { base: top, extra } = current;
  const rows = useMemo(() => (extra.length ? [...top, ...extra] : top), [top, extra]);

  // The rows kept below a new server page (or given back by Back) were read before the change
  // that brought it: another client's flags, a deletion. They are read again, as many as were
  // loaded (up to MAX_ROWS; beyond that, scrolling loads the rest again), and replace what is
  // shown, unless yet another page has come meanwhile.
  const loaded = extra.length;
  useEffect(() => {
    if (!folder || !baseOlder || !loaded) return;
    const abort = new AbortController();
    fetchRows(folder, baseOlder, Math.min(loaded, MAX_ROWS), abort.signal).then(
      (fresh) => {
        forgetRequested();
        setState((s) => {
          if (s.base !== base) return s;
          // Pages the user scrolled to while this was read continue after it.
          const end = fresh.rows.at(-1);
          const beyond = end && fresh.older ? s.extra.filter((r) => isOlder(r, end)) : [];
          return beyond.length ? { ...s, extra: [...fresh.rows, ...beyond] } : { ...s, extra: fresh.rows, older: fresh.older };
        });
      },
      () => {}, // Kept as they were: the next change or scroll tries again.
    );
    return () => abort.abort();
    // Once per server page: not again for each page the user scrolls to.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [base, folder]);

  const loadOlder = useCallback(async () => {
    const cursor = current.older;
    if (!folder || !cursor || requested.current.has(cursor)) return;
    requested.current.add(cursor);
    inFlight.current.add(cursor);
    setState((s) => ({ ...s, loading: true, error: null }));
    try {
      const { rows: next, older: nextOlder } = await fetchRows(folder, cursor).finally(() => inFlight.current.delete(cursor));
      setState((s) => {
        // Only if the list still ends where this page begins (a refresh may have moved it);
        // otherwise the cursor may be asked for again.
        if (s.older !== cursor) {
          requested.current.delete(cursor);
          return { ...s, loading: false };
        }
        const last = s.extra.at(-1) ?? s.base.at(-1);
        const fresh = last ? next.filter((r) => isOlder(r, last)) : next;
        return { ...s, extra: [...s.extra, ...fresh], older: nextOlder, loading: false };
      });
    } catch (error) {
      requested.current.delete(cursor);
      setState((s) => ({ ...s, loading: false, error: error instanceof Error ? error.message : String(error) }));
    }
  }, [folder, current.older]);

  return { rows, extra, older: current.older, loading: current.loading, error: current.error, loadOlder };
}
