/**
 * The e2e run's fixed settings, shared by playwright.config.ts, the global
 * setup and the helpers. The app runs against the local mail stack
 * (scripts/mail-stack.sh) and its own embedded PostgreSQL in .data/e2e.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is e2e/helpers/e2e-env.ts). */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const MAIL_STACK = path.join(ROOT, "scripts", "mail-stack.sh");

export const E2E_PORT = Number(process.env.MAEIL_E2E_PORT ?? 3100);
export const BASE_URL = `http://localhost:${E2E_PORT}`;
/** Relative to the repository root, where the web server runs. */
export const E2E_DATA_DIR = process.env.MAEIL_E2E_DATA_DIR ?? ".data/e2e";
export const E2E_PG_PORT = Number(process.env.MAEIL_E2E_PG_PORT ?? 54349);

/** Ports of the mail stack; the same overrides as scripts/mail-stack.sh. */
export const IMAP_PORT = Number(process.env.MAEIL_IMAP_PORT ?? 1143);
export const SMTP_PORT = Number(process.env.MAEIL_SMTP_PORT ?? 2525);

/** Environment of the app under test (build and start). */
export const SERVER_ENV: Record<string, string> = {
  MAEIL_DATA_DIR: E2E_DATA_DIR,
  MAEIL_PG_PORT: String(E2E_PG_PORT),
  NEXTAUTH_URL: BASE_URL,
  // A fixed value for tests only (32+ characters); never used by a real deployment.
  NEXTAUTH_SECRET: "maeil-e2e-tests-only-secret-do-not-use-0123456789",
  MAEIL_IMAP_HOST: "127.0.0.1",
  MAEIL_IMAP_PORT: String(IMAP_PORT),
  MAEIL_IMAP_SECURITY: "none",
  MAEIL_SMTP_HOST: "127.0.0.1",
  MAEIL_SMTP_PORT: String(SMTP_PORT),
  MAEIL_SMTP_SECURITY: "none",
  // A send that found the SMTP server down is retried after 2 s, 4 s, ... (not 15 s) so the test waits less.
  MAEIL_SEND_RETRY_SECONDS: "2",
};
