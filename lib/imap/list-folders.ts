import "server-only";
import type { ImapFlow } from "imapflow";

/** A mailbox as the server lists it, with the counters STATUS gave. */
export interface RemoteFolder {
  path: string;
  name: string;
  delimiter: string | null;
  parentPath: string | null;
  /** RFC 6154 special use ("\\Sent", ...) or "\\Inbox". */
  specialUse: string | null;
  subscribed: boolean;
  selectable: boolean;
  total: number;
  unread: number;
}

/**
 * Lists every mailbox with its message and unseen counts in one round trip
 * where the server has LIST-STATUS (RFC 5819); imapflow falls back to STATUS.
 */
export async function listRemoteFolders(client: ImapFlow): Promise<RemoteFolder[]> {
  const list = await client.list({ statusQuery: { messages: true, unseen: true } });
  return list.map((box) => ({
    path: box.path,
    name: box.name,
    delimiter: box.delimiter || null,
    parentPath: box.parentPath || null,
    specialUse: box.specialUse || (box.path.toUpperCase() === "INBOX" ? "\\Inbox" : null),
    subscribed: Boolean(box.subscribed),
    // \Noselect (RFC 3501) and \NonExistent (RFC 5258) boxes are only parents.
    selectable: !box.flags.has("\\Noselect") && !box.flags.has("\\NonExistent"),
    total: box.status?.messages ?? 0,
    unread: box.status?.unseen ?? 0,
  }));
}
