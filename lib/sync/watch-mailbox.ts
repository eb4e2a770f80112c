import "server-only";
import type { ImapFlow } from "imapflow";
import type { AccountRecord } from "@/lib/db/accounts";
import { notifyOtherMailboxes } from "@/lib/imap/notify";
import { processWide } from "@/lib/process-wide";

/**
 * Keeps one IMAP connection per watched account and folder in IDLE
 * (RFC 2177), so the server tells us the moment mail arrives, leaves, or
 * changes flags; with NOTIFY (RFC 5465), in the other folders too. Watches
 * are reference-counted by the browsers listening, and the connection closes
 * a little after the last one goes. A connection the server or the network
 * drops while browsers listen is opened again, and what changed meanwhile is
 * synced.
 */

interface Watch {
  refs: number;
  client: ImapFlow | null;
  closing: ReturnType<typeof setTimeout> | null;
  /** The last browser left and the linger passed: never reconnected. */
  ended: boolean;
  /** Settles once the folder is open on the watching connection (true), or the watch failed (false). */
  ready: Promise<boolean>;
}

/** What a watch needs to (re)open its connection and report changes. */
interface WatchSpec {
  key: string;
  path: string;
  open: () => Promise<ImapFlow>;
  onChange: (client: ImapFlow) => Promise<void>;
  onOtherFolders?: (paths: string[]) => void;
}

// One watch per mailbox in the process, whichever bundle of this module asks (lib/process-wide.ts).
const watches = processWide("watch-mailbox.watches", () => new Map<string, Watch>());
const LINGER_MS = 30_000;
/** Waits before each new attempt after a dropped connection or a failed one: soon at first, then less often. */
const RECONNECT_MS = [1_000, 5_000, 15_000, 60_000];

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
    const created: Watch = { refs: 0, client: null, closing: null, ended: false, ready: Promise.resolve(false) };
    created.ready = start({ key, path, open, onChange, onOtherFolders }, created, 0);
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
      current.ended = true;
      if (watches.get(key) === current) watches.delete(key);
      // Dropped first: a change the server reports while logging out starts no sync on the closing connection.
      const client = current.client;
      current.client = null;
      void client?.logout().catch(() => client.close());
    }, LINGER_MS);
  };
}

/**
 * Whether the account's watch of `path` is listening yet (or again, after a
 * dropped connection): until it is, a change is only seen by the next sync.
 * False when there is no such watch.
 */
export function whenWatching(account: AccountRecord, path: string): Promise<boolean> {
  return watches.get(`${account.id}\u0000${path}`)?.ready ?? Promise.resolve(false);
}

/** Whether browsers still listen to this watch, so a lost connection should be opened again. */
const wanted = (spec: WatchSpec, watch: Watch) => !watch.ended && watch.refs > 0 && watches.get(spec.key) === watch;

/** Opens the watch again after RECONNECT_MS[attempt]; `ready` follows the new attempt. */
function reconnect(spec: WatchSpec, watch: Watch, attempt: number): void {
  const delay = RECONNECT_MS[Math.min(attempt, RECONNECT_MS.length - 1)]!;
  watch.ready = new Promise((resolve) => setTimeout(resolve, delay)).then(() => (wanted(spec, watch) ? start(spec, watch, attempt + 1) : false));
}

/** Forgets the watch: the next browser to listen starts a new one. */
function forget(spec: WatchSpec, watch: Watch): void {
  if (watches.get(spec.key) === watch) watches.delete(spec.key);
}

async function start(spec: WatchSpec, watch: Watch, attempt: number): Promise<boolean> {
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
          if (watch.client) await spec.onChange(watch.client);
        } while (again);
      } catch (error) {
        // A sync cut off because the connection closed meanwhile is no failure: the reconnect or the next visit syncs.
        if (watch.client) console.error("[maeil] sync after IDLE failed:", error);
      } finally {
        running = false;
      }
    });
  };
  let client: ImapFlow | null = null;
  /** Set once the folder is open: a drop after that reconnects; a failure before it is the catch's to handle. */
  let established = false;
  try {
    client = await spec.open();
    if (attempt > 0 && !wanted(spec, watch)) {
      await client.logout().catch(() => client?.close());
      return false;
    }
    const mine = client;
    watch.client = mine;
    mine.on("exists", changed);
    mine.on("expunge", changed);
    mine.on("flags", changed);
    mine.on("close", () => {
      if (watch.client === mine) watch.client = null;
      if (!established) return;
      if (!wanted(spec, watch)) return forget(spec, watch);
      console.error(`[maeil] the watch of ${spec.path} lost its IMAP connection; opening it again`);
      reconnect(spec, watch, 0);
    });
    // imapflow enters IDLE by itself whenever the connection is quiet.
    await mine.mailboxOpen(spec.path, { readOnly: true });
    // Where the server offers NOTIFY, the same connection also hears about the other folders.
    if (spec.onOtherFolders) await notifyOtherMailboxes(mine, spec.onOtherFolders);
    established = true;
    // Back after a drop: what changed while nobody listened is synced now.
    if (attempt > 0) changed();
    return true;
  } catch (error) {
    if (client) {
      if (watch.client === client) watch.client = null;
      client.close();
    }
    if (watch.refs > 0) console.error(`[maeil] cannot watch ${spec.path}:`, (error as Error).message);
    if (wanted(spec, watch)) reconnect(spec, watch, attempt);
    else forget(spec, watch);
    return false;
  }
}
