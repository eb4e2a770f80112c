/**
 * Vitest global setup for the integration project: runs once, in the main
 * process, before any test file.
 *
 * 1. Makes sure the local mail stack (Dovecot + Postfix) is up. Seeding is
 *    scripts/test.sh's job; tests create their own users and messages.
 * 2. Gives the tests a throwaway PostgreSQL:
 *    - without DATABASE_URL: an embedded cluster in `.data/test` on port
 *      MAEIL_TEST_PG_PORT (default 54339), wiped when the run ends;
 *    - with DATABASE_URL: a fresh database on that server, dropped at the end
 *      (or, without CREATEDB rights, the given database itself).
 *    Test files read the URL with `inject("databaseUrl")` (see helpers/env.ts).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../lib/db/embedded-postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** PostgreSQL for this test run; every lib/ call goes through it. */
    databaseUrl: string;
  }
}

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
// Overridable so that two runs on one machine (with their own ports) do not share a folder.
const TEST_DATA_DIR = path.resolve(ROOT, process.env.MAEIL_TEST_DATA_DIR ?? ".data/test");
const TEST_PG_PORT = Number(process.env.MAEIL_TEST_PG_PORT ?? 54339);

/** `postgresql://…/name` with another database name. */
function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function startMailStack(): void {
  // Idempotent: returns at once when both servers already answer.
  execFileSync("bash", [path.join(ROOT, "scripts", "mail-stack.sh"), "start"], {
    stdio: ["ignore", "inherit", "inherit"],
    timeout: 180_000,
  });
}

/** A database on the server the developer named, so their own data is never touched. */
async function externalDatabase(url: string): Promise<{ url: string; teardown: () => Promise<void> }> {
  const name = `maeil_test_${process.pid}_${randomBytes(3).toString("hex")}`;
  try {
    await admin(url, (c) => c.query(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`));
  } catch (error) {
    console.warn(`[integration] cannot create a scratch database (${(error as Error).message}); using DATABASE_URL as it is`);
    return { url, teardown: async () => {} };
  }
  return {
    url: withDatabase(url, name),
    teardown: () => admin(url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

/**
 * Stops the postmaster of a cluster folder if it still runs: the pid comes
 * from its own postmaster.pid and is checked to be a postgres process.
 */
async function stopPostmaster(clusterDir: string): Promise<void> {
  let pid: number;
  try {
    pid = Number((await readFile(path.join(clusterDir, "postmaster.pid"), "utf8")).split("\n")[0]);
    const comm = (await readFile(`/proc/${pid}/comm`, "utf8")).trim();
    if (!pid || !comm.startsWith("postgres")) return;
  } catch {
    return; // no pid file or no such process: not running
  }
  process.kill(pid, "SIGINT"); // "fast" shutdown
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`PostgreSQL (pid ${pid}) in ${clusterDir} did not stop within 10 s`);
}

/** The embedded cluster in .data/test, with an empty `maeil` database. */
async function embeddedDatabase(): Promise<{ url: string; teardown: () => Promise<void> }> {
  const server = await startEmbeddedPostgres({
    dataDir: TEST_DATA_DIR,
    port: TEST_PG_PORT,
    log: (line) => console.log(line),
  });
  // A server left running by an interrupted run is reused by
  // startEmbeddedPostgres; start from an empty database either way.
  const adminUrl = withDatabase(server.url, "postgres");
  const name = new URL(server.url).pathname.slice(1);
  await admin(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
  });
  return {
    url: server.url,
    teardown: async () => {
      await server.stop();
      // A reused server (from an interrupted run) is not stopped by stop().
      await stopPostmaster(path.join(server.dataDir, "pg"));
      await rm(server.dataDir, { recursive: true, force: true });
      await rm(TEST_DATA_DIR, { recursive: true, force: true });
    },
  };
}

/**
 * The `embedded-postgres` package installs async-exit-hook when imported,
 * whose "beforeExit" handler calls process.exit(0): the exit code vitest set
 * for failed tests (process.exitCode = 1) would be lost and a failing run
 * would exit 0. Remember the code at beforeExit and restore it at exit.
 */
function keepExitCode(): void {
  let wanted: number | string | undefined;
  process.on("beforeExit", () => {
    wanted = process.exitCode ?? wanted;
  });
  process.on("exit", () => {
    if (wanted && !process.exitCode) process.exitCode = wanted;
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  keepExitCode();
  startMailStack();
  const database = process.env.DATABASE_URL
    ? await externalDatabase(process.env.DATABASE_URL)
    : await embeddedDatabase();
  project.provide("databaseUrl", database.url);
  return async () => {
    await database.teardown();
  };
}
