import type { Messages } from "@/lib/i18n/en";

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

/**
 * The translated form of an error's message: its key under `serverErrors` in the catalogues
 * (lib/i18n/en.ts, ko.ts) and the values it names. `message` stays the English text, for logs.
 */
export interface LocalizedMessage {
  key: keyof Messages["serverErrors"];
  values?: Record<string, string>;
}

/**
 * A failure kept in the database to be shown later (the outbox, a draft sent
 * back): its lines as keys, read out in the reader's language
 * (lib/i18n/stored-failure.ts), next to the same text in English.
 */
export type StoredFailure = LocalizedMessage[];

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** Field name -> messages, for forms. */
  readonly fieldErrors?: Record<string, string[]>;
  readonly localized?: LocalizedMessage;
  /** The field messages as keys, where they have them (lib/i18n/user-message.ts userFieldErrors). */
  readonly localizedFields?: Record<string, LocalizedMessage>;

  constructor(
    code: AppErrorCode,
    message: string,
    options?: {
      cause?: unknown;
      fieldErrors?: Record<string, string[]>;
      localized?: LocalizedMessage;
      localizedFields?: Record<string, LocalizedMessage>;
    },
  ) {
    super(message, { cause: options?.cause });
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = options?.fieldErrors;
    this.localized = options?.localized;
    this.localizedFields = options?.localizedFields;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/** True for errors whose message was written for the user. */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
