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
 * `reloadAfterFirstCheck`: the page was rendered from a cache still being filled (empty, or a
 * first sync under way); the first check then reloads the list whatever it found.
 */
export function FolderRefresher({ path, stamp, reloadAfterFirstCheck = false }: { path: string; stamp: string; reloadAfterFirstCheck?: boolean }) {
  const t = useTranslations("list");
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);
  const firstCheck = useRef(reloadAfterFirstCheck);
  const rendered = useRef(stamp);
  useEffect(() => {
    rendered.current = stamp;
  }, [stamp]);

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
    events.addEventListener("mail", () => {
      if (pending) clearTimeout(pending);
      pending = setTimeout(() => router.refresh(), 50);
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
