import "./helpers/env";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { applyMigrations, readMigrations } from "@/lib/db/migrate";
import { withScratchDatabase } from "./helpers/db";
import { ROOT } from "./helpers/mail";

const MIGRATIONS_DIR = path.join(ROOT, "prisma", "migrations");
/** Independent of lib/db/migrate.ts: folder names and sha256 of each file's bytes. */
const ON_DISK = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort()
  .map((name) => ({
    name,
    checksum: createHash("sha256").update(readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"))).digest("hex"),
  }));

const bookkeeping = async (client: pg.ClientBase) =>
  (
    await client.query(
      `SELECT id, migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs
         FROM _prisma_migrations ORDER BY migration_name`,
    )
  ).rows;

const tables = async (client: pg.ClientBase) =>
  (await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`)).rows.map(
    (r) => r.table_name as string,
  );

describe("migrations (lib/db/migrate.ts on a real PostgreSQL)", () => {
  it("reads every migration folder in order with Prisma's checksum", async () => {
    expect(ON_DISK.length).toBeGreaterThan(0);
    const migrations = await readMigrations(MIGRATIONS_DIR);
    expect(migrations.map((m) => ({ name: m.name, checksum: m.checksum }))).toEqual(ON_DISK);
  });

  it("applies all migrations to an empty database and records them like prisma migrate", async () => {
    await withScratchDatabase(async (client) => {
      expect(await tables(client)).toEqual([]);
      const applied = await applyMigrations(client, await readMigrations(MIGRATIONS_DIR));
      expect(applied).toEqual(ON_DISK.map((m) => m.name));
      expect(await tables(client)).toEqual(
        ["_prisma_migrations", "accounts", "app_sessions", "attachment_chunks", "contacts", "draft_attachments", "drafts", "folders", "identities", "message_bodies", "messages", "submissions", "trusted_senders"].sort(),
      );
      const rows = await bookkeeping(client);
      expect(rows.map((r) => ({ name: r.migration_name, checksum: r.checksum }))).toEqual(ON_DISK);
      for (const row of rows) {
        expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.rolled_back_at).toBeNull();
        expect(row.applied_steps_count).toBe(1);
      }
    });
  });

  it("re-applying is a no-op", async () => {
    await withScratchDatabase(async (client) => {
      const migrations = await readMigrations(MIGRATIONS_DIR);
      await applyMigrations(client, migrations);
      const before = await bookkeeping(client);
      expect(await applyMigrations(client, migrations)).toEqual([]);
      expect(await bookkeeping(client)).toEqual(before);
    });
  });

  it("refuses a migration that was edited after it was applied", async () => {
    await withScratchDatabase(async (client) => {
      const migrations = await readMigrations(MIGRATIONS_DIR);
      await applyMigrations(client, migrations);
      const edited = migrations.map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited`, checksum: "0".repeat(64) } : m));
      await expect(applyMigrations(client, edited)).rejects.toThrow(/edited after it was applied/);
    });
  });

  it("rolls back a failing migration and does not record it", async () => {
    await withScratchDatabase(async (client) => {
      const migrations = await readMigrations(MIGRATIONS_DIR);
      await applyMigrations(client, migrations);
      const broken = { name: "99999999999999_broken", sql: "CREATE TABLE half_done (id int);\nSELECT 1/0;", checksum: "f".repeat(64) };
      await expect(applyMigrations(client, [...migrations, broken])).rejects.toThrow(/99999999999999_broken failed/);
      expect(await tables(client)).not.toContain("half_done");
      expect((await bookkeeping(client)).map((r) => r.migration_name)).toEqual(ON_DISK.map((m) => m.name));
      // The advisory lock was released: a later run goes ahead.
      expect(await applyMigrations(client, migrations)).toEqual([]);
    });
  });

  it("two app instances starting at once apply each migration exactly once", async () => {
    await withScratchDatabase(async (_client, url) => {
      const a = new pg.Client({ connectionString: url });
      const b = new pg.Client({ connectionString: url });
      await Promise.all([a.connect(), b.connect()]);
      try {
        const migrations = await readMigrations(MIGRATIONS_DIR);
        const [ra, rb] = await Promise.all([applyMigrations(a, migrations), applyMigrations(b, migrations)]);
        expect([...ra, ...rb]).toEqual(ON_DISK.map((m) => m.name));
        expect(await bookkeeping(a)).toHaveLength(ON_DISK.length);
      } finally {
        await Promise.all([a.end(), b.end()]);
      }
    });
  });
});
