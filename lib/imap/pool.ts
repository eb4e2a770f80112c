import "server-only";
import { createHash } from "node:crypto";
import type { ImapFlow } from "imapflow";
import { AppError } from "@/lib/errors";
import { imapError, openImap, type ImapLogin } from "./connect";
import { processWide } from "@/lib/process-wide";

/**
 * A small pool of logged-in IMAP connections per account. Logging in costs
 * several round trips (greeting, CAPABILITY, LOGIN, ENABLE, NAMESPACE...),
 * far more than a resync that finds nothing new, so connections are kept
 * for a minute after use. At most MAX_PER_ACCOUNT are open per account at
 * once, which also keeps us inside servers' per-user connection limits.
 */

const MAX_PER_ACCOUNT = 3;
const IDLE_MS = 60_000;

interface Slot {
  idle: { client: ImapFlow; timer: ReturnType<typeof setTimeout> }[];
  open: number;
  waiting: (() => void)[];
}

// One pool per account in the process, not per bundle of this module (lib/process-wide.ts).
const slots = processWide("imap.pool", () => new Map<string, Slot>());

// The password is part of the key, so a changed password never reuses an old session.
const keyOf = (login: ImapLogin) =>
  createHash("sha256").update([login.host, login.port, login.security, login.user, login.password].join("\u0000")).digest("hex");

async function acquire(key: string, login: ImapLogin): Promise<ImapFlow> {
  const slot: Slot = slots.get(key) ?? { idle: [], open: 0, waiting: [] };
  slots.set(key, slot);
  for (;;) {
    const reused = slot.idle.pop();
    if (reused) {
      clearTimeout(reused.timer);
      if (reused.client.usable) return reused.client;
      slot.open--;
      continue;
    }
    if (slot.open < MAX_PER_ACCOUNT) {
      slot.open++;
      try {
        return await openImap(login);
      } catch (error) {
        slot.open--;
        wake(slot);
        throw error;
      }
    }
    await new Promise<void>((resolve) => slot.waiting.push(resolve));
  }
}

function wake(slot: Slot) {
  slot.waiting.shift()?.();
}

/**
 * Leaves the selected mailbox, so the next user SELECTs afresh and sees
 * current UIDNEXT / HIGHESTMODSEQ. UNSELECT (RFC 3691) never expunges; plain
 * CLOSE would expunge \Deleted messages of a read-write mailbox, so without
 * UNSELECT such a connection is not reused. Returns whether it can be reused.
 */
async function deselect(client: ImapFlow): Promise<boolean> {
  if (!client.mailbox) return true;
  const canUnselect = client.capabilities.has("UNSELECT");
  if (!canUnselect && !client.mailbox.readOnly) return false;
  // imapflow's public mailboxClose() always sends CLOSE; its command runner takes the UNSELECT option.
  const run = (client as unknown as { run(command: string, options: object): Promise<boolean | undefined> }).run.bind(client);
  return (await run("CLOSE", { unselect: canUnselect }).catch(() => false)) === true;
}

async function release(key: string, client: ImapFlow, healthy: boolean) {
  const slot = slots.get(key);
  if (!slot) return void client.close();
  if (healthy && client.usable && (await deselect(client))) {
    const timer = setTimeout(() => {
      slot.idle = slot.idle.filter((entry) => entry.client !== client);
      slot.open--;
      void client.logout().catch(() => client.close());
    }, IDLE_MS);
    timer.unref?.();
    slot.idle.push({ client, timer });
  } else {
    slot.open--;
    client.close();
  }
  wake(slot);
}

/** pg's errors carry a severity; they are ours, not the IMAP server's, and must not be worded as such. */
const isDatabaseError = (error: unknown) => typeof error === "object" && error !== null && "severity" in error;

/**
 * Runs `work` on a pooled connection. A connection whose work failed with a
 * protocol or network error is closed rather than handed to the next caller.
 */
export async function withPooledImap<T>(login: ImapLogin, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const key = keyOf(login);
  const client = await acquire(key, login);
  let healthy = true;
  try {
    return await work(client);
  } catch (error) {
    // Our own expected errors (NOT_FOUND...) leave the connection fine.
    healthy = error instanceof AppError && error.code !== "SERVER_UNREACHABLE" && error.code !== "SERVER_ERROR";
    if (error instanceof AppError || isDatabaseError(error)) throw error;
    throw imapError(error, login);
  } finally {
    await release(key, client, healthy);
  }
}
