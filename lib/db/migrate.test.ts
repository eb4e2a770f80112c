import { createHash } from "node:crypto";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrationChecksum, planMigrations, readMigrations, type Migration } from "./migrate";

const m = (name: string, sql = `-- ${name}`): Migration => ({ name, sql, checksum: migrationChecksum(sql) });
const row = (migration: Migration, extra: Partial<{ finished_at: Date | null; rolled_back_at: Date | null; checksum: string }> = {}) => ({
  migration_name: migration.name,
  checksum: migration.checksum,
  finished_at: new Date(),
  rolled_back_at: null,
  ...extra,
});

describe("migrationChecksum", () => {
  it("is the hex sha256 of the file's UTF-8 bytes, as Prisma stores it", () => {
    const sql = "CREATE TABLE t (name TEXT DEFAULT '이름');\n";
    expect(migrationChecksum(sql)).toBe(createHash("sha256").update(Buffer.from(sql, "utf8")).digest("hex"));
    expect(migrationChecksum(sql)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("planMigrations", () => {
  const a = m("20260101000000_a");
  const b = m("20260201000000_b");
  const c = m("20260301000000_c");

  it("runs everything on an empty database, in order", () => {
    expect(planMigrations([a, b, c], [])).toEqual([a, b, c]);
  });

  it("runs only what is not applied yet", () => {
    expect(planMigrations([a, b, c], [row(a), row(b)])).toEqual([c]);
    expect(planMigrations([a, b, c], [row(a), row(b), row(c)])).toEqual([]);
  });

  it("fills a gap left by a migration added between applied ones", () => {
    expect(planMigrations([a, b, c], [row(a), row(c)])).toEqual([b]);
  });

  it("runs a rolled-back migration again", () => {
    expect(planMigrations([a, b], [row(a), row(b, { rolled_back_at: new Date(), finished_at: null })])).toEqual([b]);
  });

  it("refuses when a migration started but never finished", () => {
    expect(() => planMigrations([a, b], [row(a), row(b, { finished_at: null })])).toThrow(/started but never finished/);
  });

  it("refuses when an applied migration was edited", () => {
    expect(() => planMigrations([a, b], [row(a, { checksum: "0".repeat(64) })])).toThrow(/edited after it was applied/);
  });

  it("refuses when the database has a migration the files do not", () => {
    expect(() => planMigrations([a], [row(a), row(b)])).toThrow(/missing from prisma\/migrations/);
  });
});

describe("readMigrations", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "maeil-migrations-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads migration.sql of every folder, sorted by name, ignoring loose files", async () => {
    for (const [name, sql] of [["20260201000000_b", "B;"], ["20260101000000_a", "A;"]] as const) {
      mkdirSync(path.join(dir, name));
      writeFileSync(path.join(dir, name, "migration.sql"), sql);
    }
    writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
    expect(await readMigrations(dir)).toEqual([m("20260101000000_a", "A;"), m("20260201000000_b", "B;")]);
  });
});
