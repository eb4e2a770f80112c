/**
 * Gmail-style search queries: free words plus operators.
 *   from:kim  to:bob@x.kr  subject:"quarterly report"  has:attachment
 *   is:unread  is:read  is:flagged  before:2026-11-01  after:2026-10-01
 * Quoted phrases keep their spaces. Unknown operators are searched as words.
 */
export interface SearchQuery {
  words: string[];
  from: string[];
  to: string[];
  subject: string[];
  hasAttachment: boolean;
  unread: boolean | null;
  flagged: boolean;
  before: Date | null;
  after: Date | null;
  /** Operator values that could not be understood, to tell the user. */
  problems: string[];
}

const TOKEN = /(-?)(?:(\w+):)?(?:"([^"]*)"?|(\S+))/g;

function parseDate(value: string): Date | null {
  const m = value.match(/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/);
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(date.getTime()) || date.getUTCMonth() !== Number(m[2]) - 1 ? null : date;
}

/** Splits a query into words and operator filters. Never throws. */
export function parseSearchQuery(input: string): SearchQuery {
  const query: SearchQuery = {
    words: [], from: [], to: [], subject: [], hasAttachment: false, unread: null, flagged: false, before: null, after: null, problems: [],
  };
  for (const match of input.slice(0, 1000).matchAll(TOKEN)) {
    const [, , op, quoted, bare] = match;
    const value = (quoted ?? bare ?? "").trim();
    const operator = op?.toLowerCase();
    switch (operator) {
      case "from":
      case "to":
      case "subject":
        if (value) query[operator].push(value);
        break;
      case "has":
        if (value.toLowerCase() === "attachment") query.hasAttachment = true;
        else query.problems.push(`has:${value}`);
        break;
      case "is": {
        const v = value.toLowerCase();
        if (v === "unread") query.unread = true;
        else if (v === "read") query.unread = false;
        else if (v === "flagged" || v === "starred") query.flagged = true;
        else query.problems.push(`is:${value}`);
        break;
      }
      case "before":
      case "after": {
        const date = parseDate(value);
        if (date) query[operator] = date;
        else query.problems.push(`${operator}:${value}`);
        break;
      }
      default:
        // Not an operator we know: the whole token ("re:", "http://x") is a word.
        if (operator) query.words.push(`${op}:${value}`);
        else if (value) query.words.push(value);
    }
  }
  return query;
}

/** True when the query asks for nothing at all. */
export function isEmptyQuery(q: SearchQuery): boolean {
  return !q.words.length && !q.from.length && !q.to.length && !q.subject.length && !q.hasAttachment && q.unread === null && !q.flagged && !q.before && !q.after;
}
