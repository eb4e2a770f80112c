import "server-only";
import { z } from "zod";
import { env, type Security } from "@/lib/env";

/** Where an account's mail lives: what the sign-in form's "server settings" hold. */
export interface ServerSettings {
  imapHost: string;
  imapPort: number;
  imapSecurity: Security;
  smtpHost: string;
  smtpPort: number;
  smtpSecurity: Security;
}

const DEFAULT_PORTS: Record<"imap" | "smtp", Record<Security, number>> = {
  imap: { tls: 993, starttls: 143, none: 143 },
  smtp: { tls: 465, starttls: 587, none: 587 },
};

/**
 * The settings the form starts with: the deployment's (MAEIL_IMAP_* /
 * MAEIL_SMTP_*), or else the common `imap.<domain>` / `smtp.<domain>` with
 * implicit TLS, which fits most providers.
 */
export function defaultServerSettings(email?: string): ServerSettings {
  const e = env();
  const domain = email?.split("@")[1]?.toLowerCase() || "example.com";
  const imapSecurity = e.MAEIL_IMAP_SECURITY ?? "tls";
  const smtpSecurity = e.MAEIL_SMTP_SECURITY ?? "tls";
  return {
    imapHost: e.MAEIL_IMAP_HOST || `imap.${domain}`,
    imapPort: e.MAEIL_IMAP_PORT ?? DEFAULT_PORTS.imap[imapSecurity],
    imapSecurity,
    smtpHost: e.MAEIL_SMTP_HOST || `smtp.${domain}`,
    smtpPort: e.MAEIL_SMTP_PORT ?? DEFAULT_PORTS.smtp[smtpSecurity],
    smtpSecurity,
  };
}

/** True when the deployment names its servers, so the form need not show them. */
export function serversConfigured(): boolean {
  const e = env();
  return Boolean(e.MAEIL_IMAP_HOST && e.MAEIL_SMTP_HOST);
}

const host = z
  .string()
  .trim()
  .min(1, "Enter a server name.")
  .max(253)
  .regex(/^[A-Za-z0-9.\-:[\]]+$/, "Use a host name or IP address.");
const optionalPort = z.preprocess(
  (v) => (v === "" || v === undefined || v === null ? undefined : v),
  z.coerce.number().int("Use a whole number.").min(1, "Use 1-65535.").max(65535, "Use 1-65535.").optional(),
);
const optionalSecurity = z.preprocess((v) => (v === "" ? undefined : v), z.enum(["tls", "starttls", "none"]).optional());

/** What the sign-in form posts. Server fields are optional: blanks take the defaults. */
export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "Enter your email address.").email("Enter a valid email address."),
  password: z.string().min(1, "Enter your password.").max(1024),
  imapHost: z.preprocess((v) => (v === "" ? undefined : v), host.optional()),
  imapPort: optionalPort,
  imapSecurity: optionalSecurity,
  smtpHost: z.preprocess((v) => (v === "" ? undefined : v), host.optional()),
  smtpPort: optionalPort,
  smtpSecurity: optionalSecurity,
});
export type SignInInput = z.infer<typeof signInSchema>;

/** Fills the blanks of a sign-in with the defaults for that address. */
export function resolveServerSettings(input: SignInInput): ServerSettings {
  const d = defaultServerSettings(input.email);
  const imapSecurity = input.imapSecurity ?? d.imapSecurity;
  const smtpSecurity = input.smtpSecurity ?? d.smtpSecurity;
  return {
    imapHost: input.imapHost ?? d.imapHost,
    imapPort: input.imapPort ?? (input.imapSecurity ? DEFAULT_PORTS.imap[imapSecurity] : d.imapPort),
    imapSecurity,
    smtpHost: input.smtpHost ?? d.smtpHost,
    smtpPort: input.smtpPort ?? (input.smtpSecurity ? DEFAULT_PORTS.smtp[smtpSecurity] : d.smtpPort),
    smtpSecurity,
  };
}
