import "server-only";
import type { ImapFlow } from "imapflow";
import type { AccountRecord } from "@/lib/db/accounts";
import { notifyOtherMailboxes } from "@/lib/imap/notify";

/**
 * Keeps one IMAP connection per watched account and folder in IDLE
 * (RFC 2177), so the server tells us the moment mail arrives, leaves, or
 * changes flags; with NOTIFY (RFC 5465), in the other folders too. Watches are reference-counted by the browsers listening,
 * and the connection closes a little after the last one goes.
 */

interface Watch {
  refs: number;
  client: ImapFlow | null;
  closing: ReturnType<typeof setTimeout> | null;
  /** Settles once the folder is open on the watching connection (true), or the watch failed (false). */
  ready: Promise<boolean>;
}

const watches = new Map<string, Watch>();
const LINGER_MS = 30_000;

/**
 * Starts (or joins) a watch; `onChange` runs after each change the server
 * pushes, at once (no debounce delay: it adds straight to the time new mail
 * takes to reach the screen). Changes that arrive while it runs are taken
 * by one more run right after. Returns the function that leaves the watch.
 */
export function watchMailbox(
  account: AccountRecord,
  path: string,
  open: () => Promise<ImapFlow>,
  onChange: (client: ImapFlow) => Promise<void>,
  onOtherFolders?: (paths: string[]) => void,
): () => void {
  const key = `${account.id}\u0000${path}`;
  let watch = watches.get(key);
  if (!watch) {
    const created: Watch = { refs: 0, client: null, closing: null, ready: Promise.resolve(false) };
    created.ready = start(key, created, path, open, onChange, onOtherFolders);
    watches.set(key, created);
    watch = created;
  }
  if (watch.closing) {
    clearTimeout(watch.closing);
    watch.closing = null;
  }
  watch.refs++;
  const current = watch;
  let left = false;
  return () => {
    if (left) return;
    left = true;
    if (--current.refs > 0) return;
    current.closing = setTimeout(() => {
      watches.delete(key);
      // Dropped first: a change the server reports while logging out starts no sync on the closing connection.
      const client = current.client;
      current.client = null;
      void client?.logout().catch(() => client.close());
    }, LINGER_MS);
  };
}

/**
 * Whether the account's watch of `path` is listening yet: until it is, a
 * change is only seen by the next sync. False when there is no such watch.
 */
export function whenWatching(account: AccountRecord, path: string): Promise<boolean> {
  return watches.get(`${account.id}\u0000${path}`)?.ready ?? Promise.resolve(false);
}

async function start(
  key: string,
  watch: Watch,
  path: string,
  open: () => Promise<ImapFlow>,
  onChange: (client: ImapFlow) => Promise<void>,
  onOtherFolders?: (paths: string[]) => void,
): Promise<boolean> {
  let running = false;
  let again = false;
  const changed = () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    // setImmediate: the other notices of the same server response (EXISTS with
    // RECENT, several FETCH flags) are parsed first and join this run.
    setImmediate(async () => {
      try {
        do {
          again = false;
          if (watch.client) await onChange(watch.client);
        } while (again);
      } catch (error) {
        // A sync cut off because the watch closed meanwhile is no failure: the next visit syncs.
        if (watch.client) console.error("[maeil] sync after IDLE failed:", error);
      } finally {
        running = false;
      }
    });
  };
  try {
    const client = await open();
    watch.client = client;
    client.on("exists", changed);
    client.on("expunge", changed);
    client.on("flags", changed);
    client.on("close", () => {
      // The server or the network dropped us: the next browser to listen starts a new watch.
      watch.client = null;
      if (watch.refs > 0) console.error(`[maeil] the watch of ${path} lost its IMAP connection`);
      if (watches.get(key) === watch) watches.delete(key);
    });
    // imapflow enters IDLE by itself whenever the connection is quiet.
    await client.mailboxOpen(path, { readOnly: true });
    // Where the server offers NOTIFY, the same connection also hears about the other folders.
    if (onOtherFolders) await notifyOtherMailboxes(client, onOtherFolders);
    return true;
  } catch (error) {
    if (watches.get(key) === watch) watches.delete(key);
    if (watch.refs > 0) console.error(`[maeil] cannot watch ${path}:`, (error as Error).message);
    return false;
  }
}
