import "./helpers/env";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { database } from "@/lib/db/database";
import { applyMigrations, readMigrations } from "@/lib/db/migrate";
import { diffColumns, expectedColumns, liveColumns, parseSchemaFields, withScratchDatabase } from "./helpers/db";
import { ROOT } from "./helpers/mail";

/**
 * The migrations are SQL written by hand (Prisma's migrate engine cannot run
 * here), so this is what keeps them and prisma/schema.prisma in step: the
 * columns the migrations create must be exactly the ones the schema declares,
 * with the same types and nullability.
 */
const SCHEMA = readFileSync(path.join(ROOT, "prisma", "schema.prisma"), "utf8");
const MIGRATIONS_DIR = path.join(ROOT, "prisma", "migrations");

describe("database schema vs prisma/schema.prisma", () => {
  it("reads the same scalar fields from schema.prisma as the generated client knows", async () => {
    const { prisma } = await database();
    // The generated client's own data model (from the DMMF at `prisma generate`).
    const model = (prisma as unknown as { _runtimeDataModel?: { models: Record<string, { dbName: string | null; fields: { name: string; kind: string; dbName?: string }[] }> } })._runtimeDataModel;
    expect(model, "generated client exposes its data model").toBeDefined();
    const fromClient = Object.entries(model!.models)
      .flatMap(([name, m]) => m.fields.filter((f) => f.kind === "scalar" || f.kind === "enum").map((f) => `${m.dbName ?? name}.${f.dbName ?? f.name}`))
      .sort();
    // Unsupported(...) fields have a column but no place in the client.
    const fromSchema = parseSchemaFields(SCHEMA)
      .filter((f) => !f.type.startsWith("Unsupported"))
      .map((f) => `${f.table}.${f.column}`)
      .sort();
    expect(fromSchema).toEqual(fromClient);
  });

  it("the migrated database has exactly the declared columns, types and nullability", async () => {
    await withScratchDatabase(async (client) => {
      await applyMigrations(client, await readMigrations(MIGRATIONS_DIR));
      expect(diffColumns(await liveColumns(client), expectedColumns(SCHEMA))).toEqual([]);
    });
  });

  it("the app's own database (migrated by database()) matches too", async () => {
    const { pool } = await database();
    const client = await pool.connect();
    try {
      expect(diffColumns(await liveColumns(client), expectedColumns(SCHEMA))).toEqual([]);
    } finally {
      client.release();
    }
  });

  it("notices a column added on either side", async () => {
    await withScratchDatabase(async (client) => {
      await applyMigrations(client, await readMigrations(MIGRATIONS_DIR));
      await client.query(`ALTER TABLE messages ADD COLUMN surprise TEXT`);
      expect(diffColumns(await liveColumns(client), expectedColumns(SCHEMA))).toEqual([
        "messages.surprise: in the database but not in schema.prisma",
      ]);
      await client.query(`ALTER TABLE messages DROP COLUMN surprise`);

      const widened = SCHEMA.replace(/(model Folder \{\n)/, '$1  colour String? @map("colour")\n');
      expect(widened).not.toBe(SCHEMA);
      expect(diffColumns(await liveColumns(client), expectedColumns(widened))).toEqual([
        "folders.colour: in schema.prisma but not in the database",
      ]);

      const retyped = SCHEMA.replace(/(\n\s+size\s+)Int(\s)/, "$1BigInt$2");
      expect(diffColumns(await liveColumns(client), expectedColumns(retyped))).toEqual([
        "messages.size: database type integer, schema.prisma says bigint",
      ]);
      const loosened = SCHEMA.replace(/(\n\s+snippet\s+)String(\s)/, "$1String?$2");
      expect(diffColumns(await liveColumns(client), expectedColumns(loosened))).toEqual([
        "messages.snippet: database NOT NULL, schema.prisma says optional",
      ]);
    });
  });
});
