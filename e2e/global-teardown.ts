/**
 * Playwright global teardown. It runs before Playwright stops the web server,
 * which then gets SIGTERM (webServer.gracefulShutdown) and stops its embedded
 * PostgreSQL itself. Mail-stack state is left for inspection; the next
 * `scripts/test.sh` resets it.
 */
export default function globalTeardown(): void {
  // Nothing to undo: each spec works with its own unique messages.
}
