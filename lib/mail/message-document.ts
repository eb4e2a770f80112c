import "server-only";
import { signPath } from "@/lib/auth/signed-url";
import type { AccountRecord } from "@/lib/db/accounts";
import { getMessageDetail, getMessageLocation } from "@/lib/db/message-bodies";
import { localizedError } from "@/lib/i18n/server-errors";
import { allowRemoteContent } from "@/lib/mime/sanitize-html";

/**
 * The Content-Security-Policy of a message's HTML document: no scripts at
 * all, no forms, no plugins, images only from us (or, when the reader asked
 * for them, from anywhere), all inside a sandbox with an opaque origin.
 */
export function messageDocumentCsp(remoteImages: boolean): string {
  return [
    "default-src 'none'",
    `img-src 'self' data:${remoteImages ? " https: http:" : ""}`,
    "style-src 'unsafe-inline'",
    "font-src data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
    "sandbox allow-popups allow-popups-to-escape-sandbox",
  ].join("; ");
}

/**
 * The sanitised HTML body of a message as a standalone document for the
 * reader's sandboxed iframe. Inline image URLs get short-lived signatures
 * because the sandboxed frame sends no cookies.
 */
export async function getMessageDocument(account: AccountRecord, messageId: bigint, remoteImages: boolean): Promise<string> {
  const location = await getMessageLocation(account.id, messageId);
  const body = location ? (await getMessageDetail(location.folderId, location.uid))?.body : null;
  if (!body?.html) throw localizedError("NOT_FOUND", "noHtmlBody");
  const html = (remoteImages ? allowRemoteContent(body.html) : body.html).replace(
    new RegExp(`/api/messages/${messageId}/parts/[0-9.]+`, "g"),
    (path) => signPath(path),
  );
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><base target="_blank"><style>
body{margin:0;padding:16px;font:14px/1.5 system-ui,-apple-system,"Apple SD Gothic Neo","Noto Sans KR","Malgun Gothic",sans-serif;color:#0f172a;overflow-wrap:anywhere}
img{max-width:100%;height:auto}table{max-width:100%}pre{white-space:pre-wrap}
</style></head><body>${html}</body></html>`;
}
