/**
 * One error type for everything the app expects to go wrong. Vendor errors
 * (imapflow, nodemailer, pg) are turned into these inside lib/, so routes and
 * actions only map a code to a status and show `message` to the user.
 */
export type AppErrorCode =
  | "INVALID_INPUT"
  | "AUTH_FAILED"
  | "SERVER_UNREACHABLE"
  | "SERVER_ERROR"
  | "SMTP_REJECTED"
  | "NOT_FOUND"
  | "UNAUTHENTICATED";

const STATUS: Record<AppErrorCode, number> = {
  INVALID_INPUT: 422,
  AUTH_FAILED: 401,
  SERVER_UNREACHABLE: 502,
  SERVER_ERROR: 502,
  SMTP_REJECTED: 422,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** Field name -> messages, for forms. */
  readonly fieldErrors?: Record<string, string[]>;

  constructor(code: AppErrorCode, message: string, options?: { cause?: unknown; fieldErrors?: Record<string, string[]> }) {
    super(message, { cause: options?.cause });
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = options?.fieldErrors;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/** True for errors whose message was written for the user. */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/**
 * The line a user sees for any error: the specific message for expected
 * failures, a generic one (with the detail logged) for the rest.
 */
export function userMessage(error: unknown, context: string): string {
  if (isAppError(error)) return error.message;
  console.error(`[maeil] ${context}:`, error);
  return "Something went wrong on our side. Please try again.";
}
