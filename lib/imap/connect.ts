import "server-only";
import { ImapFlow } from "imapflow";
import { AppError } from "@/lib/errors";
import type { Security } from "@/lib/env";

/** What it takes to log in to an IMAP server. */
export interface ImapLogin {
  host: string;
  port: number;
  security: Security;
  user: string;
  password: string;
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNRESET",
  "CONNECT_TIMEOUT",
  "GREETING_TIMEOUT",
  "UPGRADE_TIMEOUT",
  "NoConnection",
  "ClosedAfterConnectText",
  "ClosedAfterConnectTLS",
]);

/**
 * Turns an imapflow failure into an AppError the user can act on: a wrong
 * password, a server that cannot be reached (naming it), or the server's own
 * words for anything else.
 */
export function imapError(error: unknown, login: Pick<ImapLogin, "host" | "port">): AppError {
  const e = error as { code?: string; authenticationFailed?: boolean; responseText?: string; tlsFailed?: boolean; message?: string };
  if (e?.authenticationFailed) {
    return new AppError("AUTH_FAILED", "Wrong address or password.", { cause: error, localized: { key: "wrongPassword" } });
  }
  const where = `${login.host}:${login.port}`;
  if (e?.tlsFailed) {
    return new AppError("SERVER_UNREACHABLE", `Could not make a secure connection to the IMAP server ${where}. Check the security setting.`, {
      cause: error, localized: { key: "imapInsecure", values: { where } },
    });
  }
  if (e?.code && NETWORK_CODES.has(e.code)) {
    return new AppError("SERVER_UNREACHABLE", `Could not reach the IMAP server ${where} (${e.code}).`, {
      cause: error, localized: { key: "imapUnreachable", values: { where, code: e.code } },
    });
  }
  const said = e?.responseText || e?.message || "unknown error";
  return new AppError("SERVER_ERROR", `The IMAP server ${where} said: ${said}`, { cause: error, localized: { key: "imapSaid", values: { where, said } } });
}

/**
 * Opens an authenticated connection; the caller must `logout()` it. With
 * `idle`, the connection sits in IDLE (RFC 2177) whenever it is quiet and
 * renews it every few minutes, well inside the 29 the RFC allows.
 */
export async function openImap(login: ImapLogin, options: { idle?: boolean } = {}): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: login.host,
    port: login.port,
    secure: login.security === "tls",
    // "starttls" insists on the upgrade; "none" (loopback, tests) never tries it.
    doSTARTTLS: login.security === "starttls" ? true : login.security === "none" ? false : undefined,
    auth: { user: login.user, pass: login.password },
    logger: false,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 120_000,
    disableAutoIdle: !options.idle,
    // imapflow waits 15 s of quiet before IDLE by default; a watcher wants it at once.
    autoIdleDelay: options.idle ? 100 : undefined,
    maxIdleTime: 5 * 60_000,
    // Lets an incremental sync learn expunged UIDs from the same FETCH (RFC 7162 VANISHED).
    qresync: true,
  });
  // Without a listener, a dropped socket would crash the process.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    throw imapError(error, login);
  }
  return client;
}

/** Runs `work` on a fresh connection and always logs out afterwards. */
export async function withImap<T>(login: ImapLogin, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = await openImap(login);
  try {
    return await work(client);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw imapError(error, login);
  } finally {
    await client.logout().catch(() => client.close());
  }
}
