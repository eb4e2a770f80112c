import "server-only";
import { database, withTransaction } from "@/lib/db/database";
import { enqueueContactsRefresh } from "@/lib/jobs/contacts-queue";
import type { MailAddress } from "@/lib/mime/types";
import { checkAddrSpec } from "./address-syntax";
import { normaliseQuery, rankContacts, SENT_WEIGHT, type ContactCandidate } from "./contact-ranking";

/**
 * The people an account writes to and hears from, for recipient
 * autocomplete. Rebuilt from the cached mail (senders of received mail,
 * recipients of mail in Sent) by one aggregate statement, in the background
 * once the last rebuild is older than REFRESH_AFTER_MS; bumped at once when
 * the user sends.
 */

/** A rebuild older than this is refreshed in the background on the next lookup. */
export const REFRESH_AFTER_MS = 10 * 60 * 1000;
/** How many matching rows the database hands to the ranking (rankContacts) at most. */
const CANDIDATES = 200;

// Automated senders nobody writes to: not suggested unless the user did write to them.
const AUTOMATED = "^(no-?reply|do-?not-?reply|mailer-daemon|postmaster|bounces?)([+._-]|@)";

/**
 * Rebuilds the account's contacts from its cached messages, in one statement:
 * - received: From of every message outside Sent, Drafts and Junk;
 * - sent: To and Cc of every message in Sent.
 * Received counts are recomputed; sent counts never go below what
 * recordSentRecipients counted (the Sent copy of a message just sent may not
 * be cached yet). People no longer in any cached mail and never written to
 * are dropped (a spammer moved to Junk stops being suggested).
 */
export async function refreshContactsFromMail(accountId: string): Promise<void> {
  await withTransaction(async (client) => {
    // One rebuild per account at a time (a lookup's first rebuild and the job may meet).
    await client.query("SELECT pg_advisory_xact_lock(hashtext('maeil.contacts'), hashtext($1))", [accountId]);
    await client.query(
      `WITH mine AS (
         SELECT m.id, m.from_name, m.from_address, m.to_list, m.cc_list, least(m.received_at, now()) AS at,
                f.special_use = '\\Sent' AS in_sent
           FROM messages m JOIN folders f ON f.id = m.folder_id
          WHERE f.account_id = $1 AND f.special_use IS DISTINCT FROM '\\Drafts' AND f.special_use IS DISTINCT FROM '\\Junk'
       ),
       received AS (
         SELECT lower(from_address) AS address, count(*)::int AS n, max(at) AS last,
                (array_agg(from_name ORDER BY at DESC) FILTER (WHERE from_name <> ''))[1] AS name
           FROM mine WHERE NOT in_sent AND from_address <> ''
          GROUP BY 1
       ),
       sent AS (
         SELECT lower(r->>'address') AS address, count(DISTINCT mine.id)::int AS n, max(at) AS last,
                (array_agg(r->>'name' ORDER BY at DESC) FILTER (WHERE coalesce(r->>'name', '') <> ''))[1] AS name
           FROM mine CROSS JOIN LATERAL jsonb_array_elements(
                  CASE WHEN jsonb_typeof(to_list) = 'array' THEN to_list ELSE '[]' END ||
                  CASE WHEN jsonb_typeof(cc_list) = 'array' THEN cc_list ELSE '[]' END) AS r
          WHERE in_sent AND jsonb_typeof(r) = 'object' AND coalesce(r->>'address', '') <> ''
          GROUP BY 1
       ),
       merged AS (
         SELECT coalesce(s.address, r.address) AS address, coalesce(s.n, 0) AS sent_count, coalesce(r.n, 0) AS received_count,
                greatest(s.last, r.last) AS last, coalesce(s.name, r.name, '') AS name
           FROM sent s FULL JOIN received r ON r.address = s.address
       ),
       wanted AS (
         SELECT * FROM merged
          WHERE address ~ '^[^@[:space:]]+@[^@[:space:]]+$' AND length(address) <= 320
            AND (sent_count > 0 OR address !~ '${AUTOMATED}')
       ),
       upserted AS (
         INSERT INTO contacts AS c (account_id, address, name, sent_count, received_count, last_used_at)
         SELECT $1, address, left(name, 200), sent_count, received_count, coalesce(last, now()) FROM wanted ORDER BY address
         ON CONFLICT (account_id, address) DO UPDATE SET
           name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE c.name END,
           sent_count = greatest(c.sent_count, excluded.sent_count),
           received_count = excluded.received_count,
           last_used_at = greatest(c.last_used_at, excluded.last_used_at)
         RETURNING 1
       )
       DELETE FROM contacts c
        WHERE c.account_id = $1 AND c.sent_count = 0 AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.address = c.address)`,
      [accountId],
    );
    await client.query("UPDATE accounts SET contacts_refreshed_at = now() WHERE id = $1", [accountId]);
  });
}

/**
 * Makes sure the contacts are not too old: the first lookup ever waits for a
 * rebuild (there is nothing to suggest before it); later, a stale rebuild is
 * refreshed by a background job while the current rows answer at once.
 */
async function keepFresh(accountId: string): Promise<void> {
  const { pool } = await database();
  const { rows } = await pool.query<{ refreshed_at: Date | null }>("SELECT contacts_refreshed_at AS refreshed_at FROM accounts WHERE id = $1", [accountId]);
  const refreshedAt = rows[0]?.refreshed_at;
  if (refreshedAt === undefined) return; // no such account
  if (refreshedAt === null) {
    await refreshContactsFromMail(accountId);
  } else if (Date.now() - refreshedAt.getTime() > REFRESH_AFTER_MS) {
    // Suggestions must not fail because the queue is unavailable: the old rows still answer.
    await enqueueContactsRefresh(accountId).catch((error: unknown) => console.error("[maeil] could not queue a contacts refresh:", error));
  }
}

/** LIKE pattern for "contains", with LIKE's wildcards in the query taken literally. */
const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Suggestions for what the user has typed in a recipient field, best first
 * (see rankContacts). `exclude`: addresses already in the field.
 */
export async function suggestContacts(accountId: string, query: string, options: { limit?: number; exclude?: string[] } = {}): Promise<MailAddress[]> {
  const q = normaliseQuery(query);
  if (!q) return [];
  await keepFresh(accountId);
  const { pool } = await database();
  const { rows } = await pool.query<{ address: string; name: string; sent_count: number; received_count: number; last_used_at: Date }>(
    `SELECT address, name, sent_count, received_count, last_used_at FROM contacts
      WHERE account_id = $1 AND (address LIKE $2 ESCAPE '\\' OR lower(name) LIKE $2 ESCAPE '\\')
      ORDER BY sent_count * ${SENT_WEIGHT} + received_count DESC, last_used_at DESC
      LIMIT ${CANDIDATES}`,
    [accountId, containsPattern(q)],
  );
  const candidates: ContactCandidate[] = rows.map((r) => ({
    address: r.address, name: r.name, sentCount: r.sent_count, receivedCount: r.received_count, lastUsedAt: r.last_used_at,
  }));
  return rankContacts(candidates, q, options.limit ?? 8, options.exclude).map((c) => ({ name: c.name, address: c.address }));
}

/**
 * Counts one message sent to each of these recipients (To, Cc and Bcc), so
 * they rank higher at once rather than after the next rebuild. Called by the
 * sender once the SMTP server accepted the message.
 */
export async function recordSentRecipients(accountId: string, addresses: MailAddress[]): Promise<void> {
  const byAddress = new Map<string, string>();
  for (const a of addresses) {
    const address = a.address.trim().toLowerCase();
    if (checkAddrSpec(address)) continue;
    const name = (a.name ?? "").replace(/[\r\n]+/g, " ").trim().slice(0, 200);
    // ON CONFLICT cannot touch one row twice in a statement: one row per address.
    if (!byAddress.get(address)) byAddress.set(address, name);
  }
  if (!byAddress.size) return;
  const { pool } = await database();
  await pool.query(
    `INSERT INTO contacts AS c (account_id, address, name, sent_count, last_used_at)
     SELECT $1, a.address, a.name, 1, now() FROM unnest($2::text[], $3::text[]) AS a(address, name) ORDER BY a.address
     ON CONFLICT (account_id, address) DO UPDATE SET
       sent_count = c.sent_count + 1,
       last_used_at = now(),
       name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE c.name END`,
    [accountId, [...byAddress.keys()], [...byAddress.values()]],
  );
}
