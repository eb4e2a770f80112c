import "server-only";
import { db } from "@/lib/db/database";
import type { RejectedRecipient, TranscriptLine } from "@/lib/smtp/send";

/**
 * A submission's life (see send-job.ts):
 *   queued    waiting for send_at (the undo window, or a scheduled time)
 *   sending   an attempt is talking to the SMTP server
 *   retrying  no connection or a 4xx reply: tried again at next_attempt_at
 *   accepted  the SMTP server took it; only the Sent copy is left to do
 *   sent      done
 *   failed    refused for good (5xx): the draft is back in editing
 *   cancelled undone by the user: the draft is back in editing
 */
export type SubmissionState = "queued" | "sending" | "retrying" | "accepted" | "sent" | "failed" | "cancelled";

/** What lists and the delivery details show (the message bytes stay in the database). */
export interface SubmissionSummary {
  id: string;
  draftId: string | null;
  messageId: string;
  subject: string;
  recipients: string[];
  state: SubmissionState;
  sendAt: Date;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  /** The same as keys (lib/errors.ts StoredFailure), read with lib/i18n/stored-failure.ts. */
  lastErrorLocalized: unknown;
  rejected: RejectedRecipient[];
  transcript: TranscriptLine[];
  queueId: string | null;
  acceptedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
}

const SUMMARY = {
  id: true, draftId: true, messageId: true, subject: true, recipients: true, state: true, sendAt: true, attempts: true,
  nextAttemptAt: true, lastError: true, lastErrorLocalized: true, rejected: true, transcript: true, queueId: true, acceptedAt: true, finishedAt: true, createdAt: true,
} as const;

type SummaryRow = { [K in keyof typeof SUMMARY]: unknown };

function toSummary(row: SummaryRow): SubmissionSummary {
  const r = row as Omit<SubmissionSummary, "state" | "rejected" | "transcript"> & { state: string; rejected: unknown; transcript: unknown };
  return { ...r, state: r.state as SubmissionState, rejected: (r.rejected ?? []) as RejectedRecipient[], transcript: (r.transcript ?? []) as TranscriptLine[] };
}

/** The account's submissions, newest first. */
export async function listSubmissions(accountId: string, { limit = 50 }: { limit?: number } = {}): Promise<SubmissionSummary[]> {
  const prisma = await db();
  const rows = await prisma.submission.findMany({ where: { accountId }, orderBy: { createdAt: "desc" }, take: limit, select: SUMMARY });
  return rows.map(toSummary);
}

/** Submissions still on their way (for the sidebar's outbox count). */
export async function countPendingSubmissions(accountId: string): Promise<number> {
  const prisma = await db();
  return prisma.submission.count({ where: { accountId, state: { in: ["queued", "sending", "retrying", "accepted"] } } });
}

export async function getSubmission(accountId: string, submissionId: string): Promise<SubmissionSummary | null> {
  const prisma = await db();
  const row = await prisma.submission.findFirst({ where: { id: submissionId, accountId }, select: SUMMARY });
  return row && toSummary(row);
}

/** The latest submission of a message (by its Message-ID), for its delivery details. */
export async function getSubmissionByMessageId(accountId: string, messageId: string): Promise<SubmissionSummary | null> {
  const prisma = await db();
  const row = await prisma.submission.findFirst({ where: { accountId, messageId }, orderBy: { createdAt: "desc" }, select: SUMMARY });
  return row && toSummary(row);
}
