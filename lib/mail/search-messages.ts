import "server-only";
import type { AccountRecord } from "@/lib/db/accounts";
import { searchMessages as searchCache, type SearchCursor, type SearchHit } from "@/lib/db/search";
import { localizedError } from "@/lib/i18n/server-errors";
import { isEmptyQuery, parseSearchQuery } from "@/lib/search/parse-query";
import { wordsToTsquery } from "@/lib/search/search-text";
import type { FolderRecord } from "@/lib/db/folders";
import { hasPendingDetails } from "@/lib/db/messages";
import { searchFolder } from "@/lib/imap/search-folder";
import { enqueueFolderSync } from "@/lib/jobs/queue";
import { imapCriteria } from "@/lib/search/imap-criteria";
import type { SearchQuery } from "@/lib/search/parse-query";
import { withAccountImap } from "./account-imap";
import { getFolderOrThrow } from "./get-folder";
import { ensureFolderList } from "./sync-mail";

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
 * Gmail's operators. Folders whose first sync (or its second pass, which
 * indexes the text) has not finished are asked with the server's own SEARCH
 * too (and queued for a background sync),
 * so a search never waits for a folder to download and never misses what
 * the server holds.
 */
export async function searchMail(
  account: AccountRecord,
  input: { query: string; folder?: string; after?: SearchCursor },
): Promise<SearchResult> {
  const query = parseSearchQuery(input.query);
  if (isEmptyQuery(query)) {
    throw (query.problems.length ? localizedError("INVALID_INPUT", "searchProblems", { problems: query.problems.join(", ") }) : localizedError("INVALID_INPUT", "searchEmpty"));
  }
  let folderId: bigint | undefined;
  let uncached: FolderRecord[];
  if (input.folder) {
    const folder = await getFolderOrThrow(account, input.folder);
    folderId = folder.id;
    uncached = await notFullyIndexed([folder]);
  } else {
    uncached = await notFullyIndexed((await ensureFolderList(account)).filter((f) => f.selectable));
  }
  // The server's SEARCH covers the first page only; later pages come from the cache, filled meanwhile.
  const fromServer = input.after ? [] : await searchUncachedFolders(account, uncached, query);
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
  const cachedKeys = new Set(page.map((h) => `${h.folderPath}\u0000${h.uid}`));
  const merged = [...page, ...fromServer.filter((h) => !cachedKeys.has(`${h.folderPath}\u0000${h.uid}`))].sort(
    (a, b) => b.receivedAt.getTime() - a.receivedAt.getTime(),
  );
  return { hits: merged, next: more && last ? { receivedAt: last.receivedAt, id: last.id } : null, problems: query.problems };
}

/** Folders the cache cannot answer for yet: first sync unfinished, or rows still waiting for their search text (second pass). */
async function notFullyIndexed(folders: FolderRecord[]): Promise<FolderRecord[]> {
  const pending = await Promise.all(folders.map(async (f) => !f.syncedAt || (await hasPendingDetails(f.id))));
  return folders.filter((_, i) => pending[i]);
}

/**
 * IMAP SEARCH in folders not cached yet, newest matches first; each such
 * folder is queued for a background sync, so the next search is answered
 * from the cache. Their rows carry no cache id yet (negative ids, never a cursor).
 */
async function searchUncachedFolders(account: AccountRecord, folders: FolderRecord[], query: SearchQuery): Promise<SearchHit[]> {
  if (!folders.length) return [];
  const criteria = imapCriteria(query);
  const hits: SearchHit[] = [];
  await withAccountImap(account, async (client) => {
    for (const folder of folders) {
      for (const h of await searchFolder(client, folder.path, criteria, SEARCH_PAGE_SIZE)) {
        // Negative ids: unique keys for the rows, never confused with a cached message.
        hits.push({ ...h, id: BigInt(-(hits.length + 1)), hasAttachments: false, snippet: "", folderPath: folder.path, folderSpecialUse: folder.specialUse });
      }
    }
  });
  for (const folder of folders) {
    await enqueueFolderSync(account.id, folder.path).catch((error: unknown) => console.error("[maeil] could not queue a folder sync:", error));
  }
  return hits;
}
