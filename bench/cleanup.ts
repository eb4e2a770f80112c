/**
 * Stops everything the benchmark starts, by the pids it recorded, never by
 * process name: the app server (its whole process group), the embedded
 * PostgreSQL clusters of the app and of the lib phase, and the bench mail
 * stack (unless --keep-stack). Idempotent; bench/run.sh also runs it on exit
 * as a safety net, e.g. after a crash.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { BENCH_DATA, stopStack } from "./stack";

export const APP_PID_FILE = path.join(BENCH_DATA, "app.pid");
export const APP_DATA_DIR = path.join(BENCH_DATA, "app-data");
export const LIB_DATA_DIR = path.join(BENCH_DATA, "lib-data");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
};

async function waitGone(pids: number[], ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!pids.some(alive)) return true;
    await sleep(100);
  }
  return !pids.some(alive);
}

/** SIGTERM to the app server's process group (it was started detached, as its own group leader), then SIGKILL. */
export async function stopApp(): Promise<void> {
  if (!existsSync(APP_PID_FILE)) return;
  const pid = Number(readFileSync(APP_PID_FILE, "utf8").trim());
  if (Number.isInteger(pid) && pid > 1 && alive(pid) && /next|npm/.test(cmdline(pid))) {
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      // Group already gone.
    }
    if (!(await waitGone([pid], 15_000))) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // Gone meanwhile.
      }
      await waitGone([pid], 5_000);
    }
  }
  rmSync(APP_PID_FILE, { force: true });
}

/** Fast shutdown (SIGINT) of a PostgreSQL left running on a data folder, by its own postmaster.pid. */
export async function stopPostgres(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, "pg", "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 1 || !alive(pid)) return;
  let comm = "";
  try {
    comm = readFileSync(`/proc/${pid}/comm`, "utf8");
  } catch {
    return;
  }
  if (!comm.startsWith("postgres")) return;
  process.kill(pid, "SIGINT");
  if (!(await waitGone([pid], 15_000))) process.kill(pid, "SIGKILL");
}

export async function cleanupAll(options: { keepStack: boolean }): Promise<void> {
  const steps: [string, () => Promise<void> | void][] = [
    ["app server", stopApp],
    ["app PostgreSQL", () => stopPostgres(APP_DATA_DIR)],
    ["lib PostgreSQL", () => stopPostgres(LIB_DATA_DIR)],
  ];
  if (!options.keepStack) steps.push(["bench mail stack", stopStack]);
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (error) {
      console.error(`[bench] cleanup: stopping the ${name} failed:`, (error as Error).message);
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.dirname, "cleanup.ts")) {
  cleanupAll({ keepStack: process.argv.includes("--keep-stack") }).then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
