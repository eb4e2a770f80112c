import "server-only";
import { EventEmitter } from "node:events";
import pg from "pg";
import { startOnce } from "@/lib/process-wide";
import { database } from "./database";

/**
 * Change notices ("folder X of account Y changed") travel through PostgreSQL
 * LISTEN/NOTIFY, so a browser connected to one app instance hears about a
 * sync done by another. Each process holds one listening connection and
 * fans the notices out in memory.
 */

const CHANNEL = "maeil_mail";

export interface MailEvent {
  accountId: string;
  path: string;
}

/** Tells every app instance that a folder of an account changed. */
export async function publishMailEvent(event: MailEvent): Promise<void> {
  const { pool } = await database();
  await pool.query("SELECT pg_notify($1, $2)", [CHANNEL, JSON.stringify(event)]);
}

async function listen(): Promise<EventEmitter> {
  const { url } = await database();
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const connect = async () => {
    const client = new pg.Client({ connectionString: url });
    client.on("notification", (message) => {
      try {
        const event = JSON.parse(message.payload ?? "") as MailEvent;
        if (typeof event.accountId === "string" && typeof event.path === "string") emitter.emit("event", event);
      } catch {
        // Not one of ours.
      }
    });
    // A lost connection is re-established; notices sent meanwhile are
    // covered by the browser's periodic refresh.
    client.on("error", () => setTimeout(() => void connect().catch(() => {}), 1000));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
  };
  await connect();
  return emitter;
}

/** Calls `listener` for every change notice of this account; returns the unsubscribe function. */
export async function subscribeMailEvents(accountId: string, listener: (event: MailEvent) => void): Promise<() => void> {
  const emitter = await startOnce("mail-events", listen);
  const filtered = (event: MailEvent) => {
    if (event.accountId === accountId) listener(event);
  };
  emitter.on("event", filtered);
  return () => emitter.off("event", filtered);
}
