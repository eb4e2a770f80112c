import "server-only";
import nodemailer from "nodemailer";
import { AppError, type AppErrorCode, type LocalizedMessage } from "@/lib/errors";
import { inEnglish } from "@/lib/i18n/server-errors";
import type { Security } from "@/lib/env";

/** What it takes to submit mail as the user (RFC 6409 submission with AUTH). */
export interface SmtpLogin {
  host: string;
  port: number;
  security: Security;
  user: string;
  password: string;
}

/** One line of the SMTP dialogue, for the delivery transcript. Passwords never appear. */
export interface TranscriptLine {
  at: string;
  from: "client" | "server";
  line: string;
}

export interface RejectedRecipient {
  address: string;
  /** The server's reply code (e.g. 550), when it gave one. */
  code: number | null;
  reply: string;
}

export interface SubmitResult {
  accepted: string[];
  /** Recipients the server refused while others were accepted, with its reply. */
  rejected: RejectedRecipient[];
  /** The server's final reply to DATA (usually carries its queue id). */
  response: string;
  transcript: TranscriptLine[];
}

export interface SubmitOptions {
  /** Ask for a delivery status notification (RFC 3461) where the server offers DSN. */
  dsn?: { envelopeId: string };
}

interface NodemailerFailure {
  code?: string;
  response?: string;
  responseCode?: number;
  rejectedErrors?: { recipient?: string; response?: string; responseCode?: number; message?: string }[];
  message?: string;
}

const NETWORK_CODES = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ECONNREFUSED", "ECONNRESET"]);

/**
 * A failed submission: what the user should read, whether trying again
 * later can help (no connection, or a 4xx reply: RFC 5321 4.2.1), and the
 * per-recipient refusals.
 */
export class SubmitError extends AppError {
  readonly transient: boolean;
  readonly rejected: RejectedRecipient[];
  readonly transcript: TranscriptLine[];

  constructor(base: AppError, transient: boolean, rejected: RejectedRecipient[], transcript: TranscriptLine[]) {
    super(base.code, base.message, { cause: base.cause, fieldErrors: base.fieldErrors, localized: base.localized });
    this.name = "SubmitError";
    this.transient = transient;
    this.rejected = rejected;
    this.transcript = transcript;
  }
}

const codeOf = (reply: string | undefined, fallback?: number) => fallback ?? (Number(/^\d{3}/.exec(reply ?? "")?.[0]) || null);

function rejectedOf(e: NodemailerFailure): RejectedRecipient[] {
  return (e.rejectedErrors ?? []).map((r) => ({
    address: r.recipient ?? "",
    code: codeOf(r.response, r.responseCode),
    reply: r.response ?? r.message ?? "",
  }));
}

/**
 * Turns a nodemailer failure into the user's words: which server could not
 * be reached, or exactly what it replied (code and text, per recipient).
 */
export function smtpError(error: unknown, login: Pick<SmtpLogin, "host" | "port">): AppError {
  const e = error as NodemailerFailure;
  const where = `${login.host}:${login.port}`;
  // The English line (logs, the stored text) and the same as a key for the reader's language.
  const failure = (code: AppErrorCode, key: LocalizedMessage["key"], values: Record<string, string>) =>
    new AppError(code, inEnglish({ key, values }), { cause: error, localized: { key, values } });
  if (e?.code === "EAUTH") return failure("AUTH_FAILED", "smtpSignInRefused", { where, said: e.response ?? e.message ?? "" });
  if (e?.code && NETWORK_CODES.has(e.code) && !e.responseCode) return failure("SERVER_UNREACHABLE", "smtpUnreachable", { where, code: e.code });
  if (e?.rejectedErrors?.length) {
    const said = e.rejectedErrors.map((r) => `${r.recipient ?? "?"}: ${r.response ?? r.message ?? ""}`).join("; ");
    return failure("SMTP_REJECTED", "smtpRejected", { where, said });
  }
  if (e?.responseCode) return failure("SMTP_REJECTED", "smtpReplied", { where, said: e.response ?? "" });
  return failure("SERVER_ERROR", "smtpFailed", { where, said: e?.message ?? "unknown error" });
}

/** True when the same submission may succeed later. */
export function isTransientFailure(error: unknown): boolean {
  const e = error as NodemailerFailure;
  if (e?.code && NETWORK_CODES.has(e.code) && !e.responseCode) return true;
  const rejected = rejectedOf(e ?? {});
  // Every recipient refused: temporary only if none of the refusals is permanent.
  if (rejected.length) return rejected.every((r) => r.code !== null && r.code >= 400 && r.code < 500);
  return typeof e?.responseCode === "number" && e.responseCode >= 400 && e.responseCode < 500;
}

/** Records the dialogue nodemailer logs with `transactionLog` (client lines of AUTH are already masked). */
function transcriptLogger(lines: TranscriptLine[]) {
  const record = (entry: { tnx?: string }, message: unknown) => {
    if (entry?.tnx !== "server" && entry?.tnx !== "client") return;
    lines.push({ at: new Date().toISOString(), from: entry.tnx, line: String(message) });
  };
  const ignore = () => {};
  return { trace: ignore, debug: record, info: ignore, warn: ignore, error: ignore, fatal: ignore };
}

/**
 * Submits an already-built message. The same bytes are appended to Sent by
 * the caller, so what the recipient gets and what the sender keeps match.
 * Throws a SubmitError; returns the transcript either way.
 */
export async function submitMessage(
  login: SmtpLogin,
  envelope: { from: string; to: string[] },
  raw: Buffer,
  options: SubmitOptions = {},
): Promise<SubmitResult> {
  const transcript: TranscriptLine[] = [];
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
    logger: transcriptLogger(transcript),
    transactionLog: true,
  });
  try {
    const info = await transport.sendMail({
      envelope,
      raw,
      // Sent only where the server advertises DSN (nodemailer checks EHLO).
      ...(options.dsn ? { dsn: { id: options.dsn.envelopeId, return: "headers", notify: ["success", "failure"] } } : {}),
    });
    return {
      accepted: (info.accepted ?? []).map(String),
      rejected: rejectedOf(info as NodemailerFailure),
      response: info.response ?? "",
      transcript,
    };
  } catch (error) {
    throw new SubmitError(smtpError(error, login), isTransientFailure(error), rejectedOf(error as NodemailerFailure), transcript);
  } finally {
    transport.close();
  }
}
