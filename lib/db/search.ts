import "server-only";
import { database } from "./database";
import type { MessageSummary } from "./messages";

/** What to look for, already turned into SQL-ready pieces by lib/mail/search-messages.ts. */
export interface SearchFilter {
  accountId: string;
  /** Limit to one folder, or all folders of the account. */
  folderId?: bigint;
  /** tsquery over the whole document (subject, people, text), or null. */
  tsquery: string | null;
  from: string[];
  to: string[];
  hasAttachment: boolean;
  unread: boolean | null;
  flagged: boolean;
  before: Date | null;
  after: Date | null;
}

export interface SearchHit extends MessageSummary {
  folderPath: string;
  folderSpecialUse: string | null;
}

/** Keyset position in search results (newest first; ids break ties across folders). */
export interface SearchCursor {
  receivedAt: Date;
  id: bigint;
}

/** A LIKE pattern that matches `value` literally anywhere. */
const contains = (value: string) => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Searches the cached messages of an account. The full-text part uses the
 * GIN index on search_vector; the other conditions narrow what it found.
 */
export async function searchMessages(filter: SearchFilter, options: { limit: number; after?: SearchCursor }): Promise<SearchHit[]> {
  const { pool } = await database();
  const params: unknown[] = [filter.accountId];
  const where: string[] = ["f.account_id = $1"];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.folderId !== undefined) add((n) => `m.folder_id = ${n}`, filter.folderId);
  if (filter.tsquery) add((n) => `m.search_vector @@ to_tsquery('simple', ${n})`, filter.tsquery);
  for (const from of filter.from) add((n) => `(m.from_name ILIKE ${n} OR m.from_address ILIKE ${n})`, contains(from));
  for (const to of filter.to) add((n) => `(m.to_list::text ILIKE ${n} OR m.cc_list::text ILIKE ${n})`, contains(to));
  if (filter.hasAttachment) where.push("m.has_attachments");
  if (filter.unread !== null) where.push(filter.unread ? "NOT m.seen" : "m.seen");
  if (filter.flagged) where.push("m.flagged");
  if (filter.before) add((n) => `m.received_at < ${n}`, filter.before);
  if (filter.after) add((n) => `m.received_at >= ${n}`, filter.after);
  if (options.after) {
    params.push(options.after.receivedAt, options.after.id);
    where.push(`(m.received_at, m.id) < ($${params.length - 1}, $${params.length})`);
  }
  params.push(options.limit);
  const { rows } = await pool.query<{
    id: string; uid: string; subject: string; from_name: string; from_address: string; received_at: Date;
    seen: boolean; flagged: boolean; answered: boolean; has_attachments: boolean; snippet: string; path: string; special_use: string | null;
  }>(
    `SELECT m.id, m.uid, m.subject, m.from_name, m.from_address, m.received_at, m.seen, m.flagged, m.answered,
            m.has_attachments, m.snippet, f.path, f.special_use
       FROM messages m JOIN folders f ON f.id = m.folder_id
      WHERE ${where.join(" AND ")}
      ORDER BY m.received_at DESC, m.id DESC
      LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({
    id: BigInt(r.id), uid: Number(r.uid), subject: r.subject, fromName: r.from_name, fromAddress: r.from_address,
    receivedAt: r.received_at, seen: r.seen, flagged: r.flagged, answered: r.answered, hasAttachments: r.has_attachments,
    snippet: r.snippet, folderPath: r.path, folderSpecialUse: r.special_use,
  }));
}
