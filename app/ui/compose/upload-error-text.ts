// The words a user reads when an upload or removal fails: our own (translated)
// for the cases we know, the server's own message otherwise.
import type { useTranslations } from "use-intl";
import { formatBytes } from "@/lib/compose/attachment-limit";
import { UploadError } from "@/lib/compose/attachment-upload";

type T = ReturnType<typeof useTranslations<"composeEditor">>;

/** The reason part of "“x.pdf” was not attached: <reason>". */
export function uploadErrorReason(t: T, error: unknown): string {
  if (error instanceof UploadError) {
    if (error.code === "NETWORK") return t("networkError");
    if (error.code === "ABORTED") return t("cancelled");
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The whole sentence for a failed upload of `name`; the size limit gets the same words as the check before upload. */
export function uploadErrorText(t: T, name: string, error: unknown): string {
  if (error instanceof UploadError && error.code === "ATTACHMENT_LIMIT" && error.limitBytes !== null) {
    return overLimitText(t, [name], error.limitBytes, error.usedBytes ?? 0);
  }
  return t("uploadFailed", { name, reason: uploadErrorReason(t, error) });
}

/** “a.mov” (30 MB), “b.zip” (2 MB) cannot be attached: … at most 25 MB … */
export function overLimitText(t: T, files: string[], limitBytes: number, usedBytes: number, sizes?: number[]): string {
  const named = files.map((name, i) => (sizes ? `“${name}” (${formatBytes(sizes[i]!)})` : `“${name}”`)).join(", ");
  const values = { files: named, limit: formatBytes(limitBytes), used: formatBytes(usedBytes) };
  return usedBytes > 0 ? t("overLimit", values) : t("overLimitEmpty", values);
}
