// The outbox: messages sent from maeil, waiting, on their way, delivered or refused.
import type { Metadata } from "next";
import { requireAccount } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/locale";
import { storedFailureText } from "@/lib/i18n/stored-failure";
import { listSubmissions } from "@/lib/outbox/submissions";
import { OutboxList, type OutboxItem } from "@/app/ui/outbox-list";

export const metadata: Metadata = { title: "Outbox" };

const iso = (date: Date | null) => date?.toISOString() ?? null;

export default async function OutboxPage() {
  const [account, t] = await Promise.all([requireAccount(), getTranslator()]);
  const submissions = await listSubmissions(account.id, { limit: 100 });
  const items: OutboxItem[] = await Promise.all(submissions.map(async (s) => ({
    id: s.id,
    subject: s.subject,
    recipients: s.recipients,
    state: s.state,
    sendAt: s.sendAt.toISOString(),
    createdAt: s.createdAt.toISOString(),
    attempts: s.attempts,
    nextAttemptAt: iso(s.nextAttemptAt),
    lastError: await storedFailureText(s.lastError, s.lastErrorLocalized),
    draftId: s.draftId,
    finishedAt: iso(s.finishedAt),
    acceptedAt: iso(s.acceptedAt),
    queueId: s.queueId,
    rejected: s.rejected,
    transcript: s.transcript,
  })));
  return (
    <div className="mx-auto flex min-h-full max-w-4xl flex-col gap-2 py-4">
      <div className="px-4">
        <h1 className="text-lg font-semibold">{t("outbox.title")}</h1>
        <p className="text-sm text-slate-600">{t("outbox.intro")}</p>
      </div>
      <OutboxList items={items} noSubject={t("list.noSubject")} />
    </div>
  );
}
