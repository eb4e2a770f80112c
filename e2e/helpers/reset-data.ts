/**
 * Empties the e2e app's state folder (.data/e2e) so every run starts from a
 * blank database. Run as the first step of the web server command in
 * playwright.config.ts (`node --import tsx e2e/helpers/reset-data.ts`):
 * Playwright starts the web server before globalSetup, and the app opens its
 * embedded PostgreSQL as soon as it starts (instrumentation.ts), so this must
 * happen before the server, not in globalSetup. A reused server
 * (reuseExistingServer, never on CI) does not run the command and keeps its data.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { E2E_DATA_DIR, ROOT } from "./e2e-env";

/**
 * The folders the app may keep .data/e2e's state in. As root, when the
 * checkout is not reachable by the `postgres` user, lib/db/embedded-postgres.ts
 * keeps the cluster in /var/lib/maeil/<sha256(path)[:12]> instead.
 */
export function e2eStateDirs(): string[] {
  const dataDir = path.resolve(ROOT, E2E_DATA_DIR);
  const dirs = [dataDir];
  if (process.getuid?.() === 0) {
    let dir = dataDir;
    while (!existsSync(dir)) dir = path.dirname(dir);
    for (let walk = dir; ; walk = path.dirname(walk)) {
      if ((statSync(walk).mode & 0o001) === 0) {
        dirs.push(path.join("/var/lib/maeil", createHash("sha256").update(dataDir).digest("hex").slice(0, 12)));
        break;
      }
      if (walk === path.dirname(walk)) break;
    }
  }
  return dirs;
}

/** Stops a PostgreSQL left running on a state folder (an interrupted run), by the pid in its own postmaster.pid. */
function stopLeftoverPostgres(stateDir: string): void {
  const pidFile = path.join(stateDir, "pg", "postmaster.pid");
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    if (!pid || !readFileSync(`/proc/${pid}/comm`, "utf8").startsWith("postgres")) return;
  } catch {
    return;
  }
  console.log(`[e2e] stopping the PostgreSQL (pid ${pid}) left running in ${stateDir}`);
  process.kill(pid, "SIGINT"); // fast shutdown
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  throw new Error(`PostgreSQL (pid ${pid}) in ${stateDir} did not stop within 10 s`);
}

/** Stops leftovers and deletes the e2e state, wherever it lives. */
export function resetE2eData(): void {
  for (const dir of e2eStateDirs()) {
    stopLeftoverPostgres(dir);
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`[e2e] wiped ${E2E_DATA_DIR}: the app starts with an empty database`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(ROOT, "e2e/helpers/reset-data.ts")) {
  resetE2eData();
}
