import "server-only";
import nodemailer from "nodemailer";
import { AppError } from "@/lib/errors";
import type { Security } from "@/lib/env";

/** What it takes to submit mail as the user (RFC 6409 submission with AUTH). */
export interface SmtpLogin {
  host: string;
  port: number;
  security: Security;
  user: string;
  password: string;
}

export interface SubmitResult {
  accepted: string[];
  /** Recipients the server refused while others were accepted, with its reply. */
  rejected: { address: string; reply: string }[];
  /** The server's final reply to DATA (usually carries its queue id). */
  response: string;
}

interface NodemailerFailure {
  code?: string;
  response?: string;
  responseCode?: number;
  rejectedErrors?: { recipient?: string; response?: string; message?: string }[];
  message?: string;
}

const NETWORK_CODES = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ECONNREFUSED"]);

/**
 * Turns a nodemailer failure into the user's words: which server could not
 * be reached, or exactly what it replied (code and text, per recipient).
 */
export function smtpError(error: unknown, login: Pick<SmtpLogin, "host" | "port">): AppError {
  const e = error as NodemailerFailure;
  const where = `${login.host}:${login.port}`;
  if (e?.code === "EAUTH") {
    return new AppError("AUTH_FAILED", `The SMTP server ${where} refused the sign-in: ${e.response ?? e.message}`, { cause: error });
  }
  if (e?.code && NETWORK_CODES.has(e.code) && !e.responseCode) {
    return new AppError("SERVER_UNREACHABLE", `Could not reach the SMTP server ${where} (${e.code}).`, { cause: error });
  }
  if (e?.rejectedErrors?.length) {
    const lines = e.rejectedErrors.map((r) => `${r.recipient ?? "?"}: ${r.response ?? r.message ?? ""}`);
    return new AppError("SMTP_REJECTED", `The SMTP server ${where} rejected ${lines.join("; ")}`, { cause: error });
  }
  if (e?.responseCode) {
    return new AppError("SMTP_REJECTED", `The SMTP server ${where} replied: ${e.response}`, { cause: error });
  }
  return new AppError("SERVER_ERROR", `Sending through ${where} failed: ${e?.message ?? "unknown error"}`, { cause: error });
}

/**
 * Submits an already-built message. The same bytes are appended to Sent by
 * the caller, so what the recipient gets and what the sender keeps match.
 */
export async function submitMessage(
  login: SmtpLogin,
  envelope: { from: string; to: string[] },
  raw: Buffer,
): Promise<SubmitResult> {
  const transport = nodemailer.createTransport({
    host: login.host,
    port: login.port,
    secure: login.security === "tls",
    requireTLS: login.security === "starttls",
    ignoreTLS: login.security === "none",
    auth: { user: login.user, pass: login.password },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  try {
    const info = await transport.sendMail({ envelope, raw });
    const rejectedErrors = (info as { rejectedErrors?: NodemailerFailure["rejectedErrors"] }).rejectedErrors ?? [];
    return {
      accepted: (info.accepted ?? []).map(String),
      rejected: rejectedErrors.map((r) => ({ address: r.recipient ?? "", reply: r.response ?? r.message ?? "" })),
      response: info.response ?? "",
    };
  } catch (error) {
    throw smtpError(error, login);
  } finally {
    transport.close();
  }
}
