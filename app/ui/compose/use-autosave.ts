"use client";
// Saves the draft every few seconds while it changes, and once more when the
// page is hidden or left (fetch keepalive outlives the page). What the user
// typed stays in React state whatever the server says, so a failed save
// loses nothing; it is retried on the next tick.
import { useCallback, useEffect, useRef, useState } from "react";

export type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; at: Date } | { kind: "error"; message: string };

const INTERVAL_MS = 3000;

async function putDraft(draftId: string, values: unknown, keepalive = false): Promise<void> {
  const response = await fetch(`/api/drafts/${draftId}`, {
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(values),
    keepalive,
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: string } | null;
    throw new Error(body?.error ?? `The server answered ${response.status}.`);
  }
}

/**
 * `create` makes the draft row on the first save (returns its id).
 * `values` is what to save; `version` changes whenever the user edits.
 */
export function useAutosave<T>({ draftId, values, version, create, enabled }: {
  draftId: string | null;
  values: T;
  version: number;
  create: (values: T) => Promise<string>;
  enabled: boolean;
}) {
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const latest = useRef({ draftId, values, version, create });
  latest.current = { draftId, values, version, create };
  const savedVersion = useRef(0);
  const inFlight = useRef<Promise<string | null> | null>(null);

  /** Saves now if anything changed; resolves to the draft id (null when nothing was ever saved). */
  const flush = useCallback(async (): Promise<string | null> => {
    if (inFlight.current) await inFlight.current;
    const { draftId: id, values: v, version: ver, create: make } = latest.current;
    if (ver === savedVersion.current && id) return id;
    const run = (async () => {
      setState({ kind: "saving" });
      try {
        const saved = id ?? (await make(v));
        if (id) await putDraft(id, v);
        savedVersion.current = ver;
        setState({ kind: "saved", at: new Date() });
        return saved;
      } catch (error) {
        setState({ kind: "error", message: error instanceof Error ? error.message : String(error) });
        throw error;
      }
    })();
    inFlight.current = run.catch(() => null);
    try {
      return await run;
    } finally {
      inFlight.current = null;
    }
  }, []);

  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => {
      if (latest.current.version !== savedVersion.current && !inFlight.current) void flush().catch(() => {});
    }, INTERVAL_MS);
    const onHide = () => {
      const { draftId: id, values: v, version: ver } = latest.current;
      if (id && ver !== savedVersion.current) void putDraft(id, v, true).catch(() => {});
    };
    const onVisibility = () => document.visibilityState === "hidden" && onHide();
    window.addEventListener("pagehide", onHide);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      // Leaving the compose screen inside the app fires no pagehide: save what is left now.
      onHide();
      clearInterval(timer);
      window.removeEventListener("pagehide", onHide);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [enabled, flush]);

  return { state, flush, markSaved: (ver: number) => (savedVersion.current = ver) };
}
