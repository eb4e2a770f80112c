/**
 * Helpers that go through maeil's own use cases (lib/), for the steps a test
 * is not about: signing in, finding cached rows.
 */
import { signInSchema } from "@/lib/auth/server-settings";
import type { AccountRecord } from "@/lib/db/accounts";
import { database } from "@/lib/db/database";
import { signIn } from "@/lib/mail/sign-in";
import { HOST, IMAP_PORT, SMTP_PORT, type MailUser } from "./mail";

/** What the sign-in form posts for the test stack (plaintext on loopback). */
export function signInInput(user: MailUser, overrides: Record<string, unknown> = {}) {
  return signInSchema.parse({
    email: user.email,
    password: user.password,
    imapHost: HOST,
    imapPort: IMAP_PORT,
    imapSecurity: "none",
    smtpHost: HOST,
    smtpPort: SMTP_PORT,
    smtpSecurity: "none",
    ...overrides,
  });
}

/** Signs `user` in through lib/mail/sign-in.ts and returns the account. */
export async function signInAs(user: MailUser): Promise<AccountRecord> {
  return (await signIn(signInInput(user))).account;
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string; fieldErrors?: Record<string, string[]> }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** Cached message rows of one of the account's folders, by UID. */
export async function cachedMessages(accountId: string, path: string) {
  const { prisma } = await database();
  const rows = await prisma.message.findMany({
    where: { folder: { accountId, path } },
    orderBy: { uid: "asc" },
  });
  return new Map(rows.map((r) => [Number(r.uid), r]));
}

/** The cached folder row, or null. */
export async function cachedFolder(accountId: string, path: string) {
  const { prisma } = await database();
  return prisma.folder.findUnique({ where: { accountId_path: { accountId, path } } });
}
