import "server-only";
import type { AccountRecord } from "@/lib/db/accounts";
import { searchMessages as searchCache, type SearchCursor, type SearchHit } from "@/lib/db/search";
import { AppError } from "@/lib/errors";
import { isEmptyQuery, parseSearchQuery } from "@/lib/search/parse-query";
import { wordsToTsquery } from "@/lib/search/search-text";
import { getFolderOrThrow } from "./get-folder";
import { listFolders } from "@/lib/db/folders";
import { ensureSynced, syncMailbox } from "./sync-mail";

export const SEARCH_PAGE_SIZE = 50;

export interface SearchResult {
  hits: SearchHit[];
  /** Where the next page starts, or null on the last page. */
  next: SearchCursor | null;
  /** Operators that were not understood, for a hint under the search box. */
  problems: string[];
}

/**
 * Searches the account's cached mail: free words over subject, people,
 * snippet and cached bodies (Korean and other CJK words included), plus
 * Gmail's operators. Folders never opened before are synced first, so a
 * search never misses what the server holds.
 */
export async function searchMail(
  account: AccountRecord,
  input: { query: string; folder?: string; after?: SearchCursor },
): Promise<SearchResult> {
  const query = parseSearchQuery(input.query);
  if (isEmptyQuery(query)) {
    throw new AppError("INVALID_INPUT", query.problems.length ? `Cannot search for ${query.problems.join(", ")}.` : "Type something to search for.");
  }
  let folderId: bigint | undefined;
  if (input.folder) {
    await ensureSynced(account, input.folder);
    folderId = (await getFolderOrThrow(account, input.folder)).id;
  } else {
    // Searching everywhere: folders never opened are synced first (once), one at a time.
    for (const folder of await listFolders(account.id)) {
      if (folder.selectable && !folder.syncedAt) await syncMailbox(account, folder.path);
    }
  }
  const parts = [wordsToTsquery(query.words), wordsToTsquery(query.subject, "A")].filter(Boolean);
  // Words with nothing searchable in them ("!!!") must not turn into "match everything".
  if (!parts.length && (query.words.length || query.subject.length) && !query.from.length && !query.to.length) {
    return { hits: [], next: null, problems: query.problems };
  }
  const hits = await searchCache(
    {
      accountId: account.id,
      folderId,
      tsquery: parts.length ? parts.join(" & ") : null,
      from: query.from,
      to: query.to,
      hasAttachment: query.hasAttachment,
      unread: query.unread,
      flagged: query.flagged,
      before: query.before,
      after: query.after,
    },
    { limit: SEARCH_PAGE_SIZE + 1, after: input.after },
  );
  const more = hits.length > SEARCH_PAGE_SIZE;
  const page = more ? hits.slice(0, SEARCH_PAGE_SIZE) : hits;
  const last = page.at(-1);
  return { hits: page, next: more && last ? { receivedAt: last.receivedAt, id: last.id } : null, problems: query.problems };
}
