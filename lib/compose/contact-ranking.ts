/**
 * How recipient suggestions are ordered. Pure, so the rules are unit-tested
 * without a database: lib/compose/contacts.ts fetches the candidates that
 * match at all, this decides which few the user sees first.
 */

export interface ContactCandidate {
  /** Lower-cased address. */
  address: string;
  name: string;
  sentCount: number;
  receivedCount: number;
  lastUsedAt: Date;
}

/** Writing to someone says more than hearing from them (newsletters write to you every day). */
export const SENT_WEIGHT = 5;

/** How much the account uses this address: mail sent to it weighs SENT_WEIGHT times mail received from it. */
export function useScore(c: Pick<ContactCandidate, "sentCount" | "receivedCount">): number {
  return c.sentCount * SENT_WEIGHT + c.receivedCount;
}

/** Normalises what was typed: case, surrounding spaces, and a leading quote or "<" of a half-typed entry. */
export function normaliseQuery(query: string): string {
  return query.trim().replace(/^["'<]+/, "").trim().toLowerCase();
}

// Where a new "word" starts inside an address or a name: "kim.minsu@mail.example.kr", "Kim Minsu".
const WORD_START = /[\s.@_+\-"'(]/;

/**
 * 0 when a word of the address or the name starts with the query ("min" in kim.minsu@x.kr or
 * "Kim Minsu"), 1 when the query only appears inside a word, -1 when it does not match.
 */
export function matchQuality(c: Pick<ContactCandidate, "address" | "name">, query: string): number {
  let quality = -1;
  for (const text of [c.address, c.name.toLowerCase()]) {
    for (let at = text.indexOf(query); at >= 0; at = text.indexOf(query, at + 1)) {
      if (at === 0 || WORD_START.test(text[at - 1]!)) return 0;
      quality = 1;
    }
  }
  return quality;
}

/**
 * The suggestions for a query, best first: word-start matches before mid-word ones, then by
 * use (see useScore), then the most recently used, then alphabetically so the order is stable.
 * Addresses in `exclude` (already in the field) are left out.
 */
export function rankContacts<T extends ContactCandidate>(candidates: T[], query: string, limit: number, exclude: Iterable<string> = []): T[] {
  const q = normaliseQuery(query);
  if (!q) return [];
  const skip = new Set([...exclude].map((a) => a.toLowerCase()));
  return candidates
    .filter((c) => !skip.has(c.address))
    .map((c) => ({ c, quality: matchQuality(c, q), score: useScore(c) }))
    .filter((x) => x.quality >= 0)
    .sort(
      (a, b) =>
        a.quality - b.quality ||
        b.score - a.score ||
        b.c.lastUsedAt.getTime() - a.c.lastUsedAt.getTime() ||
        a.c.address.localeCompare(b.c.address),
    )
    .slice(0, limit)
    .map((x) => x.c);
}
