/**
 * Attachment sizes and the per-message limit, shared by the browser (checked
 * before uploading) and the server (enforced while the bytes arrive).
 * Pure: safe in client components.
 */

/** An attachment of a draft, as the compose form and the routes see it. */
export interface AttachmentInfo {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  /** Set for an image pasted into the body (referenced there as cid:<contentId>). */
  contentId: string | null;
}

const MB = 1024 * 1024;

/** The limit in bytes for MAEIL_ATTACHMENT_LIMIT_MB. */
export function limitBytesOf(megabytes: number): number {
  return Math.floor(megabytes * MB);
}

/** "900 B", "312 KB", "4.2 MB", "25 MB": binary units, at most one decimal. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB"] as const;
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = unit === 0 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded} ${units[unit]}`;
}

/** Total bytes of a draft's attachments (files and pasted images alike count). */
export function totalBytes(attachments: readonly { size: number }[]): number {
  return attachments.reduce((sum, a) => sum + a.size, 0);
}

/**
 * Which of the picked files still fit, taken in the order picked, given what
 * is already attached: the others are refused before any byte is sent.
 */
export function splitByLimit<F extends { size: number }>(files: readonly F[], usedBytes: number, limitBytes: number): { accepted: F[]; rejected: F[] } {
  const accepted: F[] = [];
  const rejected: F[] = [];
  let used = usedBytes;
  for (const file of files) {
    if (used + file.size <= limitBytes) {
      accepted.push(file);
      used += file.size;
    } else {
      rejected.push(file);
    }
  }
  return { accepted, rejected };
}

/** The message the server answers with (HTTP 413) when a draft's attachments would exceed the limit. */
export function limitExceededMessage(filename: string, limitBytes: number, usedBytes: number): string {
  const already = usedBytes > 0 ? ` (${formatBytes(usedBytes)} is already attached)` : "";
  return `"${filename}" does not fit: a message's attachments may total at most ${formatBytes(limitBytes)}${already}.`;
}
