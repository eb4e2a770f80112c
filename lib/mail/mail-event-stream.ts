import "server-only";
import type { AccountRecord } from "@/lib/db/accounts";
import { subscribeMailEvents } from "@/lib/db/mail-events";
import { watchFolder } from "./sync-mail";

/** A comment line every so often keeps proxies and browsers from closing an idle stream. */
const KEEPALIVE_MS = 25_000;

/**
 * The body of the browser's event stream: `event: mail` with the changed
 * folder's path, for as long as the browser stays connected. While it does,
 * the account's Inbox is watched with IMAP IDLE, so new mail shows up within
 * a moment instead of at the next periodic check.
 *
 * The stream opens with `event: ready` once this account's changes are
 * subscribed to: a page rendered before that (or during a reconnect) may have
 * missed an event, and reloads itself if it knows it was incomplete.
 */
export async function streamMailEvents(account: AccountRecord, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = await subscribeMailEvents(account.id, (event) => {
        send(`event: mail\ndata: ${JSON.stringify({ path: event.path })}\n\n`);
      });
      const unwatch = watchFolder(account, "INBOX");
      const keepalive = setInterval(() => send(": keepalive\n\n"), KEEPALIVE_MS);
      cleanup = () => {
        clearInterval(keepalive);
        unsubscribe();
        unwatch();
        cleanup = () => {};
        try {
          controller.close();
        } catch {
          // Already closed.
        }
      };
      signal.addEventListener("abort", () => cleanup(), { once: true });
      // How long to wait before reconnecting after a drop, and that every change from now on will be told.
      send("retry: 3000\nevent: ready\ndata: {}\n\n");
    },
    cancel() {
      cleanup();
    },
  });
}
