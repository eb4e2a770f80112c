import "server-only";
import { convert } from "html-to-text";
import type { AccountRecord } from "@/lib/db/accounts";
import { database, db } from "@/lib/db/database";
import { localizedError } from "@/lib/i18n/server-errors";
import { MAX_IDENTITIES, UNDO_SEND_MAX_SECONDS, undoSendSecondsSchema, type IdentityInput } from "./identity-input";
import { textToEditorHtml } from "./editor-text";

/**
 * The From choices of an account (display name, address, reply-to,
 * signature), one of them the default, and the account's undo-send delay.
 */

/** An identity as the settings page and the compose form's From field see it. */
export interface IdentityRecord {
  id: string;
  name: string;
  email: string;
  replyTo: string;
  signatureHtml: string;
  isDefault: boolean;
}

const SELECT = { id: true, name: true, email: true, replyTo: true, signatureHtml: true, isDefault: true } as const;
// Default first, then in the order they were added.
const ORDER = [{ isDefault: "desc" as const }, { createdAt: "asc" as const }, { id: "asc" as const }];

type Tx = Parameters<Parameters<Awaited<ReturnType<typeof db>>["$transaction"]>[0]>[0];

/** Serialises changes to one account's identities (which is the default, how many there are). */
async function lockAccount(tx: Tx, accountId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM accounts WHERE id = ${accountId}::uuid FOR UPDATE`;
}

const notFound = () => localizedError("NOT_FOUND", "identityGone");

/**
 * The account's identities, default first. An account without any gets one
 * made from its sign-in address and display name, so there is always a From.
 */
export async function listIdentities(account: Pick<AccountRecord, "id" | "email" | "displayName">): Promise<IdentityRecord[]> {
  const prisma = await db();
  const rows = await prisma.identity.findMany({ where: { accountId: account.id }, select: SELECT, orderBy: ORDER });
  if (rows.length) return rows;
  const { pool } = await database();
  // Two first requests at once: the partial unique index (one default per
  // account) lets only one insert through, the other does nothing.
  await pool.query(
    `INSERT INTO identities (account_id, name, email, is_default)
     SELECT $1, $2, $3, true WHERE NOT EXISTS (SELECT 1 FROM identities WHERE account_id = $1)
     ON CONFLICT (account_id) WHERE is_default DO NOTHING`,
    [account.id, account.displayName ?? "", account.email],
  );
  return prisma.identity.findMany({ where: { accountId: account.id }, select: SELECT, orderBy: ORDER });
}

/** One of the account's identities, or null. */
export async function getIdentity(accountId: string, identityId: string): Promise<IdentityRecord | null> {
  const prisma = await db();
  return prisma.identity.findFirst({ where: { id: identityId, accountId }, select: SELECT });
}

/** The plain text of a signature, for editing it (the settings page edits signatures as text). */
export function signatureToText(signatureHtml: string): string {
  if (!signatureHtml.trim()) return "";
  return convert(signatureHtml, { wordwrap: false, selectors: [{ selector: "a", options: { hideLinkHrefIfSameAsText: true } }] });
}

/** Adds an identity (input.id null) or changes one of the account's. The signature comes as plain text. */
export async function saveIdentity(accountId: string, input: IdentityInput): Promise<IdentityRecord> {
  const prisma = await db();
  const data = {
    name: input.name,
    email: input.email,
    replyTo: input.replyTo,
    signatureHtml: input.signature.trim() ? textToEditorHtml(input.signature.replace(/\s+$/, "")) : "",
  };
  if (input.id === null) {
    return prisma.$transaction(async (tx) => {
      await lockAccount(tx, accountId);
      const count = await tx.identity.count({ where: { accountId } });
      if (count >= MAX_IDENTITIES) throw localizedError("INVALID_INPUT", "tooManyIdentities", { max: String(MAX_IDENTITIES) });
      return tx.identity.create({ data: { accountId, ...data, isDefault: count === 0 }, select: SELECT });
    });
  }
  const result = await prisma.identity.updateMany({ where: { id: input.id, accountId }, data });
  if (result.count === 0) throw notFound();
  return (await getIdentity(accountId, input.id))!;
}

/**
 * Deletes an identity. The last one cannot go (a message needs a From); when
 * the default goes, the oldest remaining one becomes the default. Drafts that
 * used it fall back to the default (drafts.identity_id is set to NULL).
 */
export async function deleteIdentity(accountId: string, identityId: string): Promise<void> {
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    await lockAccount(tx, accountId);
    const all = await tx.identity.findMany({ where: { accountId }, select: { id: true, isDefault: true }, orderBy: ORDER });
    const target = all.find((i) => i.id === identityId);
    if (!target) throw notFound();
    if (all.length === 1) throw localizedError("INVALID_INPUT", "onlyIdentity");
    await tx.identity.delete({ where: { id: identityId } });
    if (target.isDefault) {
      const next = all.find((i) => i.id !== identityId)!;
      await tx.identity.update({ where: { id: next.id }, data: { isDefault: true } });
    }
  });
}

/** Makes one of the account's identities the default (the From of new messages). */
export async function setDefault(accountId: string, identityId: string): Promise<void> {
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    await lockAccount(tx, accountId);
    const target = await tx.identity.findFirst({ where: { id: identityId, accountId }, select: { id: true } });
    if (!target) throw notFound();
    // Clear first: the partial unique index allows one default at a time.
    await tx.identity.updateMany({ where: { accountId, isDefault: true, NOT: { id: identityId } }, data: { isDefault: false } });
    await tx.identity.update({ where: { id: identityId }, data: { isDefault: true } });
  });
}

/** Seconds a sent message waits in the outbox so that Undo can bring it back. */
export async function getUndoSendSeconds(accountId: string): Promise<number> {
  const prisma = await db();
  const row = await prisma.account.findUnique({ where: { id: accountId }, select: { undoSendSeconds: true } });
  if (!row) throw localizedError("NOT_FOUND", "accountGone");
  return row.undoSendSeconds;
}

/** Sets the undo-send delay: 0 (send at once) to 60 seconds. */
export async function setUndoSendSeconds(accountId: string, seconds: number): Promise<number> {
  const parsed = undoSendSecondsSchema.safeParse(seconds);
  if (!parsed.success) {
    const problem = { key: "undoSecondsRange", values: { max: String(UNDO_SEND_MAX_SECONDS) } } as const;
    throw localizedError("INVALID_INPUT", problem.key, problem.values, { fields: { undoSendSeconds: problem } });
  }
  const prisma = await db();
  const result = await prisma.account.updateMany({ where: { id: accountId }, data: { undoSendSeconds: parsed.data } });
  if (result.count === 0) throw localizedError("NOT_FOUND", "accountGone");
  return parsed.data;
}
