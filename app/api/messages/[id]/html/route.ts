// Serves a message's sanitised HTML body as its own document, for the reader's sandboxed iframe.
import { accountOrThrow } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { userMessage } from "@/lib/i18n/user-message";
import { getMessageDocument, messageDocumentCsp } from "@/lib/mail/message-document";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^\d{1,18}$/.test(id)) return new Response("Not found", { status: 404 });
  const remote = new URL(request.url).searchParams.get("images") === "1";
  try {
    const html = await getMessageDocument(await accountOrThrow(), BigInt(id), remote);
    return new Response(html, {
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": messageDocumentCsp(remote),
        "X-Frame-Options": "SAMEORIGIN",
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    return new Response(await userMessage(error, "message html"), { status: isAppError(error) ? error.status : 500 });
  }
}
