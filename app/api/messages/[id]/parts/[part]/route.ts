// Streams one MIME part of a message (attachment download or inline image) from IMAP.
import { verifyPathSignature } from "@/lib/auth/signed-url";
import { currentAccount } from "@/lib/auth/session";
import { getAccountOfMessage } from "@/lib/db/accounts";
import { isAppError } from "@/lib/errors";
import { userMessage } from "@/lib/i18n/user-message";
import { contentDisposition, isSafeInlineType } from "@/lib/mail/content-disposition";
import { openAttachment } from "@/lib/mail/open-attachment";

export async function GET(request: Request, { params }: { params: Promise<{ id: string; part: string }> }) {
  const { id, part } = await params;
  if (!/^\d{1,18}$/.test(id) || !/^\d{1,4}(\.\d{1,4}){0,20}$/.test(part)) return new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const messageId = BigInt(id);
  // The session cookie, or (inside the sandboxed message frame, which has none) a signed URL.
  const signed = verifyPathSignature(`/api/messages/${id}/parts/${part}`, url.searchParams.get("exp"), url.searchParams.get("sig"));
  const account = (await currentAccount()) ?? (signed ? await getAccountOfMessage(messageId) : null);
  if (!account) return new Response("Sign in to see this attachment.", { status: 401 });
  try {
    const file = await openAttachment(account, messageId, part);
    const inline = url.searchParams.get("download") !== "1" && isSafeInlineType(file.contentType);
    const headers = new Headers({
      // Anything that is not a plain image is sent as a download, so no HTML or SVG ever renders on our origin.
      "Content-Type": inline ? file.contentType : "application/octet-stream",
      "Content-Disposition": contentDisposition(inline ? "inline" : "attachment", file.filename),
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, max-age=3600",
    });
    if (file.size !== null && !inline) headers.set("X-Attachment-Size", String(file.size));
    return new Response(file.body, { headers });
  } catch (error) {
    return new Response(await userMessage(error, "attachment"), { status: isAppError(error) ? error.status : 500 });
  }
}
