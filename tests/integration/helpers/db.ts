/**
 * Database helpers for the migration and schema tests: scratch databases on
 * the run's server, and a comparison of live columns with prisma/schema.prisma.
 */
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import pg from "pg";

/** Creates an empty database on the test server, runs `work` connected to it, then drops it. */
export async function withScratchDatabase<T>(work: (client: pg.Client, url: string) => Promise<T>): Promise<T> {
  const base = new URL(inject("databaseUrl"));
  const name = `maeil_scratch_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      return await work(client, url.toString());
    } finally {
      await client.end();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}

/** One column as the comparison sees it. */
export interface ColumnShape {
  type: string;
  nullable: boolean;
}
/** "table.column" -> shape. */
export type ColumnMap = Map<string, ColumnShape>;

const ARRAY_ELEMENT: Record<string, string> = {
  _text: "text", _int4: "integer", _int8: "bigint", _bool: "boolean", _uuid: "uuid", _jsonb: "jsonb",
  _float8: "double precision", _numeric: "numeric", _varchar: "character varying", _timestamptz: "timestamp with time zone",
};

/** Live columns of the tables in the connection's current schema (Prisma's bookkeeping table left out). */
export async function liveColumns(client: pg.ClientBase): Promise<ColumnMap> {
  const { rows } = await client.query<{
    table_name: string; column_name: string; data_type: string; udt_name: string; is_nullable: string; datetime_precision: number | null;
  }>(
    `SELECT table_name, column_name, data_type, udt_name, is_nullable, datetime_precision
       FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'
      ORDER BY table_name, ordinal_position`,
  );
  const columns: ColumnMap = new Map();
  for (const r of rows) {
    let type = r.data_type;
    if (type === "ARRAY") type = `${ARRAY_ELEMENT[r.udt_name] ?? r.udt_name}[]`;
    else if (type.startsWith("timestamp")) type = `${type}(${r.datetime_precision})`;
    columns.set(`${r.table_name}.${r.column_name}`, { type, nullable: r.is_nullable === "YES" });
  }
  return columns;
}

/** A scalar field of a model, as read from schema.prisma. */
export interface SchemaField {
  model: string;
  table: string;
  field: string;
  column: string;
  type: string;
  list: boolean;
  optional: boolean;
  nativeType: string | null;
}

/**
 * A deliberately small reader of prisma/schema.prisma: models, their scalar
 * fields, @map/@@map and @db.* native types. Relation fields (whose type is
 * another model) have no column and are skipped.
 */
export function parseSchemaFields(schema: string): SchemaField[] {
  const text = schema.replace(/\/\/.*$/gm, "");
  const models = [...text.matchAll(/^\s*model\s+(\w+)\s*\{([\s\S]*?)^\s*\}/gm)];
  const modelNames = new Set(models.map((m) => m[1]!));
  const fields: SchemaField[] = [];
  for (const [, model, body] of models) {
    const table = /@@map\("([^"]+)"\)/.exec(body!)?.[1] ?? model!;
    for (const raw of body!.split("\n")) {
      const line = raw.trim();
      if (!line || line.startsWith("@@")) continue;
      const m = /^(\w+)\s+(Unsupported\("[^"]*"\)|\w+)(\[\])?(\?)?(.*)$/.exec(line);
      if (!m) throw new Error(`schema.prisma: cannot read the field line "${line}" of model ${model}`);
      const [, field, type, list, optional, attributes] = m;
      if (modelNames.has(type!)) continue; // relation
      fields.push({
        model: model!,
        table,
        field: field!,
        column: /@map\("([^"]+)"\)/.exec(attributes!)?.[1] ?? field!,
        type: type!,
        list: Boolean(list),
        optional: Boolean(optional),
        nativeType: /@db\.(\w+(?:\([^)]*\))?)/.exec(attributes!)?.[1] ?? null,
      });
    }
  }
  return fields;
}

/** The PostgreSQL column type Prisma uses for a field (as information_schema names it). */
function postgresType(f: SchemaField): string {
  const native = f.nativeType;
  const precision = (fallback: number) => Number(/\((\d+)\)/.exec(native ?? "")?.[1] ?? fallback);
  let type: string;
  switch (f.type) {
    case "String":
      type = native?.startsWith("Uuid") ? "uuid" : native?.startsWith("VarChar") ? "character varying" : native?.startsWith("Char") ? "character" : "text";
      break;
    case "Int": type = native?.startsWith("SmallInt") ? "smallint" : "integer"; break;
    case "BigInt": type = "bigint"; break;
    case "Boolean": type = "boolean"; break;
    case "Float": type = native?.startsWith("Real") ? "real" : "double precision"; break;
    case "Decimal": type = "numeric"; break;
    case "Json": type = native === "Json" ? "json" : "jsonb"; break;
    case "Bytes": type = "bytea"; break;
    case "DateTime":
      if (native?.startsWith("Date")) type = "date";
      else if (native?.startsWith("Timestamptz")) type = `timestamp with time zone(${precision(6)})`;
      else if (native?.startsWith("Timestamp")) type = `timestamp without time zone(${precision(6)})`;
      else type = "timestamp without time zone(3)"; // Prisma's default: TIMESTAMP(3)
      break;
    default: {
      // Unsupported("tsvector") is a column the client cannot read; its SQL type is the argument.
      const unsupported = /^Unsupported\("([^"]*)"\)$/.exec(f.type);
      type = unsupported ? unsupported[1]!.toLowerCase() : "USER-DEFINED"; // else an enum
    }
  }
  return f.list ? `${type}[]` : type;
}

/** What the schema declares, in the shape liveColumns() reads. Prisma makes scalar lists nullable columns. */
export function expectedColumns(schema: string): ColumnMap {
  const columns: ColumnMap = new Map();
  for (const f of parseSchemaFields(schema)) {
    columns.set(`${f.table}.${f.column}`, { type: postgresType(f), nullable: f.optional || f.list });
  }
  return columns;
}

/** Human-readable differences between the database and the schema; empty when they agree. */
export function diffColumns(live: ColumnMap, declared: ColumnMap): string[] {
  const problems: string[] = [];
  for (const [key, col] of live) {
    const want = declared.get(key);
    if (!want) problems.push(`${key}: in the database but not in schema.prisma`);
    else {
      if (want.type !== col.type) problems.push(`${key}: database type ${col.type}, schema.prisma says ${want.type}`);
      if (want.nullable !== col.nullable) problems.push(`${key}: database ${col.nullable ? "NULL" : "NOT NULL"}, schema.prisma says ${want.nullable ? "optional" : "required"}`);
    }
  }
  for (const key of declared.keys()) if (!live.has(key)) problems.push(`${key}: in schema.prisma but not in the database`);
  return problems;
}
