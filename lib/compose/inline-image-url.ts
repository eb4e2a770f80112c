// Where a draft's attachment is served, and so where an image in the editor's HTML points: the
// browser shows pasted images from there, and build-message turns exactly this form back into
// cid:<contentId> when the message is built. Shared by browser and server code.

export function attachmentUrl(draftId: string, attachmentId: string): string {
  return `/api/drafts/${draftId}/attachments/${attachmentId}`;
}

/** An <img src> at attachmentUrl: $1 up to "src=", $2 the quote, $3 the attachment id. */
export const INLINE_SRC = /(<img\b[^>]*?\bsrc=)(["'])\/api\/drafts\/[0-9a-f-]{36}\/attachments\/([0-9a-f-]{36})\2/gi;
