import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

let cached: string | undefined;

/**
 * The app's secret: NEXTAUTH_SECRET when set (production, several instances),
 * otherwise one generated on first start and kept in the data folder, so a
 * single-machine install needs no setup and keeps sessions across restarts.
 */
export function appSecret(): string {
  if (cached) return cached;
  const settings = env();
  if (settings.NEXTAUTH_SECRET) return (cached = settings.NEXTAUTH_SECRET);
  const file = path.resolve(settings.MAEIL_DATA_DIR, "secret");
  try {
    cached = readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    cached = randomBytes(32).toString("base64url");
    // "wx": if another process wrote it first, read theirs instead.
    try {
      writeFileSync(file, cached, { mode: 0o600, flag: "wx" });
    } catch {
      cached = readFileSync(file, "utf8").trim();
    }
  }
  return cached;
}
