/**
 * The IMAP SEARCH (RFC 3501 6.4.4) form of a parsed query, for folders whose
 * messages are not in our cache yet. Criteria at one level are ANDed, but a
 * key cannot repeat in imapflow's query object, so every further word of the
 * same kind goes one level down as NOT NOT <key> <word>, which is the same
 * condition. IMAP has no "has attachment"; a multipart/mixed Content-Type
 * is the usual stand-in.
 */
import type { SearchQuery } from "./parse-query";

export type ImapCriteria = { [key: string]: unknown };

export function imapCriteria(query: SearchQuery): ImapCriteria {
  const terms: [string, unknown][] = [
    ...query.words.map((w): [string, unknown] => ["text", w]),
    ...query.subject.map((w): [string, unknown] => ["subject", w]),
    ...query.from.map((w): [string, unknown] => ["from", w]),
    ...query.to.map((w): [string, unknown] => ["to", w]),
  ];
  if (query.hasAttachment) terms.push(["header", { "content-type": "multipart/mixed" }]);
  if (query.unread !== null) terms.push(["seen", !query.unread]);
  if (query.flagged) terms.push(["flagged", true]);
  if (query.before) terms.push(["before", query.before]);
  if (query.after) terms.push(["since", query.after]);

  const root: ImapCriteria = {};
  let level = root;
  for (const [key, value] of terms) {
    if (!(key in level)) {
      level[key] = value;
      continue;
    }
    const deeper: ImapCriteria = { [key]: value };
    level.not = { not: deeper };
    level = deeper;
  }
  if (!terms.length) root.all = true;
  return root;
}
