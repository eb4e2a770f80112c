import "server-only";
import type { AccountRecord } from "@/lib/db/accounts";
import type { ImapLogin } from "@/lib/imap/connect";
import type { SmtpLogin } from "@/lib/smtp/send";
import { appSecret } from "./app-secret";
import { credentialKey, openCredential, sealCredential } from "./credential-crypto";

let key: Buffer | undefined;
const sealingKey = () => (key ??= credentialKey(appSecret()));

/** Seals a password under this deployment's key. */
export function sealPassword(password: string): string {
  return sealCredential(password, sealingKey());
}

/** How to log in to the account's IMAP server (decrypts the stored password). */
export function imapLoginFor(account: AccountRecord): ImapLogin {
  return {
    host: account.imapHost,
    port: account.imapPort,
    security: account.imapSecurity,
    user: account.username,
    password: openCredential(account.passwordSealed, sealingKey()),
  };
}

/** How to log in to the account's SMTP server. */
export function smtpLoginFor(account: AccountRecord): SmtpLogin {
  return {
    host: account.smtpHost,
    port: account.smtpPort,
    security: account.smtpSecurity,
    user: account.username,
    password: openCredential(account.passwordSealed, sealingKey()),
  };
}
