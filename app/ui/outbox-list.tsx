"use client";
// The outbox: every message sent from maeil with where it is (waiting with a countdown or its
// scheduled time, sending, "will retry at ..." with the last error, sent, refused with each
// recipient's reply), Undo / Edit / Retry now, and its delivery details. While anything is on
// its way the page refreshes itself.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { useTranslations } from "use-intl";
import { editSubmissionAction, retrySubmissionAction } from "@/app/(mail)/outbox/actions";
import { DeliveryDetails, type DeliveryView } from "./delivery-details";
import { ListDate } from "./list-date";

export type OutboxState = "queued" | "sending" | "retrying" | "accepted" | "sent" | "failed" | "cancelled";

/** One submission, with dates as ISO strings (it crosses from the server). */
export interface OutboxItem extends DeliveryView {
  id: string;
  subject: string;
  recipients: string[];
  state: OutboxState;
  sendAt: string;
  createdAt: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  draftId: string | null;
  finishedAt: string | null;
}

const PENDING = new Set<OutboxState>(["queued", "sending", "retrying", "accepted"]);
/** The longest undo delay (accounts.undo_send_seconds is 0..60): a later send_at was scheduled. */
const UNDO_WINDOW_MS = 61_000;
const REFRESH_MS = 2_000;

export const isScheduled = (item: Pick<OutboxItem, "sendAt" | "createdAt">) =>
  new Date(item.sendAt).getTime() - new Date(item.createdAt).getTime() > UNDO_WINDOW_MS;

/** Whole seconds until `iso`, ticking every second; 0 once it has passed. */
function useSecondsUntil(iso: string): number {
  const left = (target: number) => Math.max(0, Math.ceil((target - Date.now()) / 1000));
  const [seconds, setSeconds] = useState(() => left(new Date(iso).getTime()));
  useEffect(() => {
    const target = new Date(iso).getTime();
    setSeconds(left(target));
    const timer = setInterval(() => setSeconds(left(target)), 1000);
    return () => clearInterval(timer);
  }, [iso]);
  return seconds;
}

function Countdown({ iso }: { iso: string }) {
  const t = useTranslations("outbox");
  const seconds = useSecondsUntil(iso);
  return <span suppressHydrationWarning>{seconds > 0 ? t("queued", { seconds }) : t("sending")}</span>;
}

/** Where the date goes in a translated sentence: ListDate renders it in the reader's zone after mount. */
const SLOT = "@@time@@";
function WithDate({ text, iso }: { text: string; iso: string }) {
  const [before, after = ""] = text.split(SLOT);
  return <>{before}<ListDate iso={iso} full />{after}</>;
}

function RetryAt({ iso }: { iso: string | null }) {
  const t = useTranslations("outbox");
  const seconds = useSecondsUntil(iso ?? new Date(0).toISOString());
  if (!iso || seconds === 0) return <>{t("retryDue")}</>;
  return <WithDate text={t("retrying", { time: SLOT })} iso={iso} />;
}

function StateLine({ item }: { item: OutboxItem }) {
  const t = useTranslations("outbox");
  const withDate = (key: "scheduled" | "sent", iso: string) => <WithDate text={t(key, { time: SLOT })} iso={iso} />;
  switch (item.state) {
    case "queued":
      return isScheduled(item) ? withDate("scheduled", item.sendAt) : <Countdown iso={item.sendAt} />;
    case "sending":
      return <>{t("sending")}</>;
    case "retrying":
      return <RetryAt iso={item.nextAttemptAt} />;
    case "accepted":
      return <>{t("accepted")}</>;
    case "sent":
      return withDate("sent", item.finishedAt ?? item.acceptedAt ?? item.sendAt);
    case "failed":
      return <>{t("failed")}</>;
    case "cancelled":
      return <>{t("cancelled")}</>;
  }
}

const STATE_COLOUR: Record<OutboxState, string> = {
  queued: "text-blue-800",
  sending: "text-blue-800",
  retrying: "text-amber-800",
  accepted: "text-blue-800",
  sent: "text-green-800",
  failed: "text-red-700",
  cancelled: "text-slate-500",
};

function OutboxRow({ item, noSubject }: { item: OutboxItem; noSubject: string }) {
  const t = useTranslations("outbox");
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const router = useRouter();
  const run = (action: () => Promise<{ ok: boolean; message?: string }>) =>
    start(async () => {
      setError(null);
      const result = await action();
      if (!result.ok) setError(result.message ?? null);
      else router.refresh();
    });
  const button = "rounded-md border border-slate-300 px-3 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100 disabled:opacity-50";
  const canEdit = item.state === "queued" || item.state === "retrying";
  const showDetails = item.transcript.length > 0 || item.rejected.length > 0;
  return (
    <li className="space-y-2 border-b border-slate-200 px-4 py-3" data-testid="outbox-item" data-state={item.state} data-submission={item.id}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-semibold break-words">{item.subject || noSubject}</p>
          <p className="text-sm text-slate-600 break-all">{t("to", { recipients: item.recipients.join(", ") })}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          {canEdit && (
            <button type="button" className={button} disabled={pending} onClick={() => run(() => editSubmissionAction(item.id))}>
              {item.state === "queued" && !isScheduled(item) ? t("undo") : t("edit")}
            </button>
          )}
          {item.state === "retrying" && (
            <button type="button" className={button} disabled={pending} onClick={() => run(() => retrySubmissionAction(item.id))}>
              {t("retryNow")}
            </button>
          )}
          {item.state === "failed" && item.draftId && (
            <Link href={`/compose?draft=${item.draftId}`} className={button}>{t("openDraft")}</Link>
          )}
        </div>
      </div>
      <p className={`text-sm font-medium ${STATE_COLOUR[item.state]}`} data-testid="outbox-state">
        {pending ? t("working") : <StateLine item={item} />}
      </p>
      {item.state === "retrying" && (
        <p className="text-sm text-slate-600">
          {t("attempts", { count: item.attempts })}
          {item.lastError && <> · {t("lastError", { message: item.lastError })}</>}
        </p>
      )}
      {item.state === "failed" && (
        <div className="space-y-1 text-sm">
          {item.lastError && <p className="text-red-800 break-words" data-testid="outbox-error">{item.lastError}</p>}
          {item.draftId && <p className="text-slate-600">{t("failedHint")}</p>}
        </div>
      )}
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
      {showDetails && <DeliveryDetails view={item} />}
    </li>
  );
}

export function OutboxList({ items, noSubject }: { items: OutboxItem[]; noSubject: string }) {
  const t = useTranslations("outbox");
  const router = useRouter();
  const active = items.some((i) => PENDING.has(i.state));
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [active, router]);
  if (!items.length) return <p className="px-4 py-8 text-center text-sm text-slate-500">{t("empty")}</p>;
  return <ul className="border-t border-slate-200">{items.map((item) => <OutboxRow key={item.id} item={item} noSubject={noSubject} />)}</ul>;
}
