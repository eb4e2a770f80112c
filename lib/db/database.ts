import "server-only";
import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "./generated/client";
import { env } from "@/lib/env";
import { startOnce, takeStarted } from "@/lib/process-wide";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { applyMigrations, readMigrations } from "./migrate";

/**
 * The one door to PostgreSQL. The first call decides which server to use
 * (DATABASE_URL, or the embedded one), applies pending migrations, and
 * builds the Prisma client over a `pg` pool; later calls reuse all of that.
 */

export interface Database {
  prisma: PrismaClient;
  /** For the few statements Prisma cannot express (advisory locks, bulk upserts). */
  pool: pg.Pool;
  url: string;
}

const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");
const DATABASE = "database";

async function open(): Promise<Database> {
  const settings = env();
  const url =
    settings.DATABASE_URL ??
    (
      await startEmbeddedPostgres({
        dataDir: path.resolve(settings.MAEIL_DATA_DIR),
        port: settings.MAEIL_PG_PORT,
        log: (line) => console.log(line),
      })
    ).url;
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection dropped by the server (restart, timeout) is an 'error'
  // event; unheard, it would take the whole process down. The pool replaces it.
  pool.on("error", (error) => console.error("[maeil] database connection lost:", error.message));
  const client = await pool.connect();
  try {
    const applied = await applyMigrations(client, await readMigrations(MIGRATIONS_DIR));
    if (applied.length) console.log(`[maeil] applied migrations: ${applied.join(", ")}`);
  } finally {
    client.release();
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { prisma, pool, url };
}

/** The database, ready for queries (started and migrated on first use). */
export function database(): Promise<Database> {
  return startOnce(DATABASE, open);
}

/** Closes the pool and the Prisma client if they were opened (a test file's end); the next call opens afresh. */
export async function closeDatabase(): Promise<void> {
  const opened = await takeStarted<Database>(DATABASE)?.catch(() => undefined);
  if (!opened) return;
  await opened.prisma.$disconnect().catch(() => {});
  await opened.pool.end().catch(() => {});
}

/** Shorthand for the Prisma client. */
export async function db(): Promise<PrismaClient> {
  return (await database()).prisma;
}

/**
 * Runs `work` in one transaction on one pooled connection: COMMIT when it
 * returns, ROLLBACK when it throws (the error is passed on).
 */
export async function withTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const { pool } = await database();
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** A value for a nullable JSON column through Prisma, which takes SQL NULL only as its DbNull marker. */
export function jsonOrNull(value: readonly object[] | null): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue);
}
