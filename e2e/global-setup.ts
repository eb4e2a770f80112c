/**
 * Playwright global setup. Runs after the web server is up (Playwright starts
 * webServer first); the server's command has already wiped .data/e2e
 * (e2e/helpers/reset-data.ts), so the app began with an empty database.
 * Here: make sure the local mail stack that the specs sign in to is running.
 * Afterwards Playwright stops the server with SIGTERM (webServer.gracefulShutdown),
 * and the app stops its embedded PostgreSQL itself.
 */
import { execFileSync } from "node:child_process";
import { MAIL_STACK } from "./helpers/e2e-env";

export default function globalSetup(): void {
  // Idempotent; scripts/test.sh has already reset and seeded it.
  execFileSync("bash", [MAIL_STACK, "start"], { stdio: ["ignore", "inherit", "inherit"], timeout: 180_000 });
}
