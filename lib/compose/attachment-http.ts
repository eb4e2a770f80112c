import "server-only";
import { z } from "zod";
import { isAppError } from "@/lib/errors";
import { getTranslator } from "@/lib/i18n/locale";
import { userMessage } from "@/lib/i18n/user-message";
import { AttachmentLimitError } from "./attachment-store";

/**
 * Request parsing and error answers shared by the draft attachment routes.
 * Errors are JSON { error, code?, limitBytes?, usedBytes? } so the compose
 * form can show the server's words, or its own translation of a known code.
 */

const draftId = z.uuid({ error: "This is not a draft id." });
export const draftParams = z.object({ id: draftId });
export const attachmentParams = z.object({ id: draftId, attachmentId: z.uuid({ error: "This is not an attachment id." }) });

/** The upload's description, from its headers (the body is the file itself). */
export const uploadHeaders = z.object({
  // encodeURIComponent on the client keeps any file name (Korean, emoji) inside an ASCII header.
  filename: z
    .string({ error: "The upload has no X-Filename header." })
    .min(1, "The upload has no file name.")
    .max(3000, "The file name is too long.")
    .transform((value, ctx) => {
      try {
        return decodeURIComponent(value);
      } catch {
        ctx.addIssue({ code: "custom", message: "The X-Filename header is not a URI-encoded file name." });
        return z.NEVER;
      }
    }),
  contentType: z.string().max(300).nullable(),
  contentLength: z.coerce.number().int().nonnegative().nullable(),
  inline: z.boolean(),
});

export function jsonError(message: string, status: number, extra: Record<string, unknown> = {}): Response {
  return Response.json({ error: message, ...extra }, { status, headers: { "Cache-Control": "no-store" } });
}

/**
 * What is wrong with a refused request, in the reader's language, one line per
 * problem. The schemas above keep their English lines for logs and tests.
 */
async function requestProblems(error: z.ZodError): Promise<string> {
  const t = await getTranslator();
  const lines = error.issues.map((issue) => {
    switch (issue.path[0]) {
      case "id":
        return t("serverErrors.notADraft");
      case "attachmentId":
        return t("serverErrors.notAnAttachment");
      case "filename":
        if (issue.code === "too_big") return t("serverErrors.uploadFilenameTooLong");
        if (issue.code === "custom") return t("serverErrors.uploadFilenameNotEncoded");
        return t("serverErrors.uploadNoFilename");
      case "contentType":
        return t("serverErrors.uploadBadHeader", { header: "Content-Type" });
      case "contentLength":
        return t("serverErrors.uploadBadHeader", { header: "Content-Length" });
      default:
        return issue.message;
    }
  });
  return [...new Set(lines)].join(" ");
}

/** The answer for anything a route caught: 413 for the size limit, the AppError's status, or 500. */
export async function errorResponse(error: unknown, context: string): Promise<Response> {
  if (error instanceof AttachmentLimitError) {
    return jsonError(error.message, 413, { code: "ATTACHMENT_LIMIT", limitBytes: error.limitBytes, usedBytes: error.usedBytes, filename: error.filename });
  }
  if (error instanceof z.ZodError) return jsonError(await requestProblems(error), 400);
  return jsonError(await userMessage(error, context), isAppError(error) ? error.status : 500);
}
