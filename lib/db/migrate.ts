import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";

/**
 * Applies prisma/migrations the way `prisma migrate deploy` does, without
 * Prisma's native schema engine (which cannot be downloaded everywhere):
 * same folder layout, same `_prisma_migrations` bookkeeping table, same
 * sha256 checksums, same advisory lock. Either tool can take over from the other.
 */

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** The lock id Prisma's migrate uses, so the two never run at once. */
const PRISMA_MIGRATE_LOCK = 72707369;

const BOOKKEEPING_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** sha256 of the file's bytes, hex: what Prisma stores in `checksum`. */
export function migrationChecksum(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

/** Reads `<dir>/<name>/migration.sql` for every migration folder, in name order. */
export async function readMigrations(dir: string): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: migrationChecksum(sql) };
    }),
  );
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Decides what to run: the migrations not yet applied, in order. Throws when
 * the database and the files disagree, because guessing could lose data.
 */
export function planMigrations(migrations: Migration[], applied: AppliedRow[]): Migration[] {
  const done = new Map<string, AppliedRow>();
  for (const row of applied) {
    if (row.rolled_back_at) continue;
    if (!row.finished_at) {
      throw new Error(
        `Migration ${row.migration_name} started but never finished. Fix the database by hand, then mark it rolled back or applied.`,
      );
    }
    done.set(row.migration_name, row);
  }
  const known = new Set(migrations.map((m) => m.name));
  for (const name of done.keys()) {
    if (!known.has(name)) throw new Error(`Migration ${name} is applied in the database but missing from prisma/migrations.`);
  }
  const pending: Migration[] = [];
  for (const migration of migrations) {
    const row = done.get(migration.name);
    if (!row) pending.push(migration);
    else if (row.checksum !== migration.checksum) {
      throw new Error(`Migration ${migration.name} was edited after it was applied (checksum differs).`);
    }
  }
  return pending;
}

/**
 * Applies pending migrations, each in its own transaction, under Prisma's
 * advisory lock so that several app instances starting at once apply each
 * migration exactly once. Returns the names applied.
 */
export async function applyMigrations(client: pg.ClientBase, migrations: Migration[]): Promise<string[]> {
  await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
  try {
    await client.query(BOOKKEEPING_TABLE);
    const { rows } = await client.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
    );
    const pending = planMigrations(migrations, rows);
    for (const migration of pending) {
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    return pending.map((m) => m.name);
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]);
  }
}
