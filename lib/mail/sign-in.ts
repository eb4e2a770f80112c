import "server-only";
import { sealPassword } from "@/lib/auth/account-credentials";
import { resolveServerSettings, type SignInInput } from "@/lib/auth/server-settings";
import { createAppSession, upsertAccount, type AccountRecord } from "@/lib/db/accounts";
import { withImap } from "@/lib/imap/connect";

/** How long a browser stays signed in without signing in again. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Checks the address and password with an IMAP LOGIN (the mail server is the
 * only judge of them), then records the account with its password sealed
 * and opens a session. Throws AppError AUTH_FAILED or SERVER_UNREACHABLE.
 */
export async function signIn(input: SignInInput): Promise<{ sessionId: string; account: AccountRecord }> {
  const settings = resolveServerSettings(input);
  await withImap(
    { host: settings.imapHost, port: settings.imapPort, security: settings.imapSecurity, user: input.email, password: input.password },
    async () => {},
  );
  const account = await upsertAccount({
    ...settings,
    email: input.email,
    username: input.email,
    passwordSealed: sealPassword(input.password),
  });
  const sessionId = await createAppSession(account.id, SESSION_TTL_MS);
  return { sessionId, account };
}
