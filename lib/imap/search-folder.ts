import "server-only";
import type { ImapFlow, SearchObject } from "imapflow";
import type { MessageSummary } from "@/lib/db/messages";

/** A message found by the server's own SEARCH: what a result row shows. */
export type ServerHit = Pick<MessageSummary, "uid" | "subject" | "fromName" | "fromAddress" | "receivedAt" | "seen" | "flagged" | "answered">;

/**
 * Runs UID SEARCH in one mailbox (read-only) and fetches the envelopes of the
 * newest `limit` matches. For folders not cached yet, so a search does not
 * have to wait for a whole folder to be downloaded.
 */
export async function searchFolder(client: ImapFlow, path: string, criteria: SearchObject, limit: number): Promise<ServerHit[]> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    const uids = (await client.search(criteria, { uid: true })) || [];
    const newest = uids.sort((a, b) => b - a).slice(0, limit);
    if (!newest.length) return [];
    const hits: ServerHit[] = [];
    for await (const m of client.fetch(newest.join(","), { uid: true, envelope: true, flags: true, internalDate: true }, { uid: true })) {
      const from = m.envelope?.from?.[0];
      const flags = m.flags ?? new Set<string>();
      hits.push({
        uid: m.uid,
        subject: m.envelope?.subject ?? "",
        fromName: from?.name ?? "",
        fromAddress: from?.address ?? "",
        receivedAt: m.internalDate instanceof Date ? m.internalDate : new Date(m.internalDate ?? Date.now()),
        seen: flags.has("\\Seen"),
        flagged: flags.has("\\Flagged"),
        answered: flags.has("\\Answered"),
      });
    }
    return hits.sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime());
  } finally {
    lock.release();
  }
}
