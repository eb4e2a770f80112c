import "server-only";
import { database, db } from "./database";
import type { ServerSettings } from "@/lib/auth/server-settings";

/** An account row as the rest of the app sees it (the sealed password stays inside lib/). */
export interface AccountRecord extends ServerSettings {
  id: string;
  email: string;
  displayName: string | null;
  username: string;
  passwordSealed: string;
}

/** Creates or refreshes the account for this address and server, storing the newly sealed password. */
export async function upsertAccount(input: ServerSettings & { email: string; username: string; passwordSealed: string }): Promise<AccountRecord> {
  const prisma = await db();
  const row = await prisma.account.upsert({
    where: { email_imapHost_imapPort: { email: input.email, imapHost: input.imapHost, imapPort: input.imapPort } },
    create: input,
    update: { ...input, lastLoginAt: new Date() },
  });
  return toRecord(row);
}

/** Starts a browser session for an account. */
export async function createAppSession(accountId: string, ttlMs: number): Promise<string> {
  const prisma = await db();
  const row = await prisma.appSession.create({ data: { accountId, expiresAt: new Date(Date.now() + ttlMs) } });
  return row.id;
}

/**
 * The account behind a live session, or null when the session is gone or
 * expired. Runs on every request, so it is one plain SQL join.
 */
export async function getSessionAccount(sessionId: string): Promise<AccountRecord | null> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return null;
  const { pool } = await database();
  const { rows } = await pool.query<{
    id: string; email: string; display_name: string | null; username: string; password_sealed: string;
    imap_host: string; imap_port: number; imap_security: string; smtp_host: string; smtp_port: number; smtp_security: string;
  }>(
    `SELECT a.id, a.email, a.display_name, a.username, a.password_sealed, a.imap_host, a.imap_port, a.imap_security,
            a.smtp_host, a.smtp_port, a.smtp_security
       FROM app_sessions s JOIN accounts a ON a.id = s.account_id
      WHERE s.id = $1 AND s.expires_at > now()`,
    [sessionId],
  );
  const r = rows[0];
  if (!r) return null;
  return toRecord({
    id: r.id, email: r.email, displayName: r.display_name, username: r.username, passwordSealed: r.password_sealed,
    imapHost: r.imap_host, imapPort: r.imap_port, imapSecurity: r.imap_security,
    smtpHost: r.smtp_host, smtpPort: r.smtp_port, smtpSecurity: r.smtp_security,
  });
}

/** Ends a session (sign-out). */
export async function deleteAppSession(sessionId: string): Promise<void> {
  const prisma = await db();
  await prisma.appSession.deleteMany({ where: { id: sessionId } });
}

function toRecord(row: {
  id: string; email: string; displayName: string | null; username: string; passwordSealed: string;
  imapHost: string; imapPort: number; imapSecurity: string; smtpHost: string; smtpPort: number; smtpSecurity: string;
}): AccountRecord {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    username: row.username,
    passwordSealed: row.passwordSealed,
    imapHost: row.imapHost,
    imapPort: row.imapPort,
    imapSecurity: row.imapSecurity as ServerSettings["imapSecurity"],
    smtpHost: row.smtpHost,
    smtpPort: row.smtpPort,
    smtpSecurity: row.smtpSecurity as ServerSettings["smtpSecurity"],
  };
}

/** The account that owns a message (for signed URLs, which carry no session). */
export async function getAccountOfMessage(messageId: bigint): Promise<AccountRecord | null> {
  const prisma = await db();
  const row = await prisma.message.findUnique({ where: { id: messageId }, select: { folder: { select: { account: true } } } });
  return row ? toRecord(row.folder.account) : null;
}

/** An account by id (for background jobs, which carry no session). */
export async function getAccountById(accountId: string): Promise<AccountRecord | null> {
  const prisma = await db();
  const row = await prisma.account.findUnique({ where: { id: accountId } });
  return row ? toRecord(row) : null;
}
