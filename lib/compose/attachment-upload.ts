/**
 * The browser side of draft attachments: uploads through XMLHttpRequest (the
 * one browser API that reports upload progress), removal, and the URL a
 * pasted image is shown from in the editor. Browser-only.
 */
import type { AttachmentInfo } from "./attachment-limit";
import { attachmentUrl } from "./inline-image-url";

/** Why an upload or removal failed, with what the server said. */
export class UploadError extends Error {
  constructor(
    message: string,
    /** HTTP status; 0 when the server was never reached or the connection broke. */
    readonly status: number,
    /** "ATTACHMENT_LIMIT" (with limitBytes/usedBytes), "NETWORK", "ABORTED", or none. */
    readonly code: string | null = null,
    readonly limitBytes: number | null = null,
    readonly usedBytes: number | null = null,
  ) {
    super(message);
    this.name = "UploadError";
  }
}


function errorFrom(status: number, body: string, statusText: string): UploadError {
  try {
    const json = JSON.parse(body) as { error?: string; code?: string; limitBytes?: number; usedBytes?: number };
    if (json.error) return new UploadError(json.error, status, json.code ?? null, json.limitBytes ?? null, json.usedBytes ?? null);
  } catch {
    // not JSON: a proxy's error page, for instance
  }
  return new UploadError(`The server answered ${status}${statusText ? ` ${statusText}` : ""}.`, status);
}

export interface UploadOptions {
  /** A pasted image: the server gives it a Content-ID. */
  inline?: boolean;
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

/** Sends one file as the raw request body (the server streams it into storage). */
export function uploadAttachment(draftId: string, file: File, options: UploadOptions = {}): Promise<AttachmentInfo> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new UploadError("The upload was cancelled.", 0, "ABORTED"));
    const xhr = new XMLHttpRequest();
    const url = `/api/drafts/${draftId}/attachments${options.inline ? "?inline=1" : ""}`;
    xhr.open("POST", url);
    // Header values must be ASCII: the server decodes this with decodeURIComponent.
    xhr.setRequestHeader("X-Filename", encodeURIComponent(file.name || "attachment"));
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      if (xhr.status === 201) {
        try {
          resolve(JSON.parse(xhr.responseText) as AttachmentInfo);
        } catch {
          reject(new UploadError("The server's answer could not be read.", xhr.status));
        }
      } else {
        reject(errorFrom(xhr.status, xhr.responseText, xhr.statusText));
      }
    };
    xhr.onerror = () => reject(new UploadError("The connection to the server was lost.", 0, "NETWORK"));
    xhr.onabort = () => reject(new UploadError("The upload was cancelled.", 0, "ABORTED"));
    options.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** Removes an attachment from the draft. */
export async function removeAttachment(draftId: string, attachmentId: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(attachmentUrl(draftId, attachmentId), { method: "DELETE" });
  } catch {
    throw new UploadError("The connection to the server was lost.", 0, "NETWORK");
  }
  if (!response.ok) throw errorFrom(response.status, await response.text(), response.statusText);
}

/**
 * What the compose form can pass to BodyEditor as uploadInlineImage: uploads
 * a pasted image as an inline attachment of the draft and tells the form
 * (so the attachment panel counts it against the limit).
 */
export async function uploadInlineImage(
  ensureDraftId: () => Promise<string>,
  file: File,
  onUploaded?: (attachment: AttachmentInfo) => void,
): Promise<{ src: string; contentId: string }> {
  const draftId = await ensureDraftId();
  const attachment = await uploadAttachment(draftId, file, { inline: true });
  onUploaded?.(attachment);
  return { src: attachmentUrl(draftId, attachment.id), contentId: attachment.contentId ?? "" };
}
