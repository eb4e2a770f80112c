"use client";
// Keeps the open folder fresh: the server pushes "folder changed" events
// (Server-Sent Events, fed by IMAP IDLE), and as a fallback the folder is
// re-synced when it opens, every 60 s while visible, and on regaining focus.
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { refreshFolderAction } from "@/app/(mail)/actions";
import { RefreshIcon } from "./icons";

const INTERVAL_MS = 60_000;

/**
 * `stamp`: the folder's state the list was rendered at (lib/mail/folder-stamp.ts). A check that
 * ends at another stamp reloads the list, even when the check itself found nothing new: a job
 * may have stored the change between the render and the check, its live event sent before this
 * page was listening.
 * `incomplete`: the page was rendered from a cache still being filled (empty, a first sync under
 * way, or rows waiting for their snippets). The list then reloads once the event stream is ready
 * (every later change is told from there on, earlier ones may have been missed), and after the
 * first check whatever it found.
 */
export function FolderRefresher({ path, stamp, incomplete = false }: { path: string; stamp: string; incomplete?: boolean }) {
  const t = useTranslations("list");
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);
  const firstCheck = useRef(incomplete);
  const rendered = useRef(stamp);
  const renderedIncomplete = useRef(incomplete);
  useEffect(() => {
    rendered.current = stamp;
    renderedIncomplete.current = incomplete;
  }, [stamp, incomplete]);

  const refresh = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      const result = await refreshFolderAction(path);
      setError(result.ok ? null : (result.message ?? null));
      const stale = result.stamp !== undefined && result.stamp !== null && result.stamp !== rendered.current;
      if (result.changed || stale || firstCheck.current) router.refresh();
      firstCheck.current = false;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, [path, router]);

  useEffect(() => {
    // Any folder's change can move the sidebar's unread counts: refresh for all.
    const events = new EventSource("/api/events");
    let pending: ReturnType<typeof setTimeout> | null = null;
    const reload = () => {
      if (pending) clearTimeout(pending);
      pending = setTimeout(() => router.refresh(), 50);
    };
    events.addEventListener("mail", reload);
    // Sent on every (re)connection, once the server listens for this account's changes. Changes
    // made while the stream was down were not told: after a reconnect, the list reloads anyway.
    let connectedBefore = false;
    events.addEventListener("ready", () => {
      if (connectedBefore || renderedIncomplete.current) reload();
      connectedBefore = true;
    });
    return () => {
      if (pending) clearTimeout(pending);
      events.close();
    };
  }, [router]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => document.visibilityState === "visible" && void refresh(), INTERVAL_MS);
    const onFocus = () => void refresh();
    window.addEventListener("focus", onFocus);
    return () => {
      clearInterval(timer);
      window.removeEventListener("focus", onFocus);
    };
  }, [refresh]);

  return (
    <div className="flex items-center gap-2">
      <button type="button" onClick={() => void refresh()} disabled={busy} title={t("refresh")} aria-label={t("refresh")}
        className="rounded-full p-2 text-slate-600 hover:bg-slate-200 disabled:opacity-50">
        <RefreshIcon className={busy ? "animate-spin" : ""} />
      </button>
      {busy && <span className="sr-only" role="status">{t("refreshing")}</span>}
      {error && <span role="alert" className="text-xs text-red-700">{error}</span>}
    </div>
  );
}
