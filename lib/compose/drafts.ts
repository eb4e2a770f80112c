import "server-only";
import { db } from "@/lib/db/database";
import { localizedError } from "@/lib/i18n/server-errors";
import type { DraftInput } from "./draft-input";

/** A saved draft, as the compose form and the sender read it. */
export interface DraftRecord extends DraftInput {
  id: string;
  accountId: string;
  /** "editing", or "outbox" while a send of it is pending. */
  state: string;
  /** Why the last send failed, for the user to read when the draft reopens. */
  lastError: string | null;
  /** The same as keys (lib/errors.ts StoredFailure), read with lib/i18n/stored-failure.ts. */
  lastErrorLocalized: unknown;
  revision: number;
  updatedAt: Date;
}

type Row = Awaited<ReturnType<Awaited<ReturnType<typeof db>>["draft"]["findFirst"]>>;

function toRecord(row: NonNullable<Row>): DraftRecord {
  return {
    id: row.id,
    accountId: row.accountId,
    identityId: row.identityId,
    to: row.toField,
    cc: row.ccField,
    bcc: row.bccField,
    subject: row.subject,
    format: row.format === "text" ? "text" : "html",
    bodyHtml: row.bodyHtml,
    bodyText: row.bodyText,
    inReplyTo: row.inReplyTo,
    references: row.references,
    originalId: row.originalId === null ? null : String(row.originalId),
    requestReadReceipt: row.requestReadReceipt,
    requestDsn: row.requestDsn,
    state: row.state,
    lastError: row.lastError,
    lastErrorLocalized: row.lastErrorLocalized,
    revision: row.revision,
    updatedAt: row.updatedAt,
  };
}

function columns(input: Partial<DraftInput>) {
  return {
    identityId: input.identityId,
    toField: input.to,
    ccField: input.cc,
    bccField: input.bcc,
    subject: input.subject,
    format: input.format,
    bodyHtml: input.bodyHtml,
    bodyText: input.bodyText,
    inReplyTo: input.inReplyTo,
    references: input.references,
    originalId: input.originalId === undefined ? undefined : input.originalId === null ? null : BigInt(input.originalId),
    requestReadReceipt: input.requestReadReceipt,
    requestDsn: input.requestDsn,
  };
}

/** Starts a draft (the compose form calls this before its first save or upload). */
export async function createDraft(accountId: string, input: Partial<DraftInput>): Promise<DraftRecord> {
  const prisma = await db();
  return toRecord(await prisma.draft.create({ data: { accountId, ...columns(input) } }));
}

/** The draft, if it belongs to the account. */
export async function getDraft(accountId: string, draftId: string): Promise<DraftRecord | null> {
  const prisma = await db();
  const row = await prisma.draft.findFirst({ where: { id: draftId, accountId } });
  return row && toRecord(row);
}

/** Throws NOT_FOUND unless the draft exists and belongs to the account. */
export async function assertDraftOwned(accountId: string, draftId: string): Promise<void> {
  const prisma = await db();
  const count = await prisma.draft.count({ where: { id: draftId, accountId } });
  if (!count) throw localizedError("NOT_FOUND", "draftGone");
}

/**
 * Saves what the user wrote. A draft waiting in the outbox is not changed
 * behind the send's back: the user gets a clear error and keeps the text.
 */
export async function saveDraft(accountId: string, draftId: string, input: DraftInput): Promise<DraftRecord> {
  const prisma = await db();
  const result = await prisma.draft.updateMany({
    where: { id: draftId, accountId, state: "editing" },
    data: { ...columns(input), revision: { increment: 1 }, updatedAt: new Date() },
  });
  if (result.count === 0) {
    const existing = await getDraft(accountId, draftId);
    if (!existing) throw localizedError("NOT_FOUND", "draftGone");
    throw localizedError("INVALID_INPUT", "draftBeingSent");
  }
  return (await getDraft(accountId, draftId))!;
}

/** The account's drafts, newest first, for "continue writing". */
export async function listDrafts(accountId: string, limit = 50): Promise<DraftRecord[]> {
  const prisma = await db();
  const rows = await prisma.draft.findMany({ where: { accountId, state: "editing" }, orderBy: { updatedAt: "desc" }, take: limit });
  return rows.map(toRecord);
}

/** Where the draft's IMAP copy is, so a newer copy can replace it. */
export async function getDraftImapCopy(draftId: string): Promise<{ revision: number; imapRevision: number; folder: string | null; uid: bigint | null } | null> {
  const prisma = await db();
  const row = await prisma.draft.findUnique({ where: { id: draftId }, select: { revision: true, imapRevision: true, imapFolder: true, imapUid: true } });
  return row && { revision: row.revision, imapRevision: row.imapRevision, folder: row.imapFolder, uid: row.imapUid };
}

/** Records the IMAP copy of a revision (only moving forward: an older save never wins). */
export async function setDraftImapCopy(draftId: string, revision: number, folder: string | null, uid: bigint | null): Promise<void> {
  const prisma = await db();
  await prisma.draft.updateMany({
    where: { id: draftId, imapRevision: { lt: revision } },
    data: { imapRevision: revision, imapFolder: folder, imapUid: uid },
  });
}

/** Deletes a draft (discard, or once sent), with its attachments. Returns its IMAP copy, if any. */
export async function deleteDraft(accountId: string, draftId: string): Promise<{ folder: string; uid: bigint } | null> {
  const prisma = await db();
  const row = await prisma.draft.findFirst({ where: { id: draftId, accountId }, select: { imapFolder: true, imapUid: true } });
  if (!row) return null;
  await prisma.draft.deleteMany({ where: { id: draftId, accountId } });
  return row.imapFolder && row.imapUid !== null ? { folder: row.imapFolder, uid: row.imapUid } : null;
}
