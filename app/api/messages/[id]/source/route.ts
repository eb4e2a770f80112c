// Streams a message's raw source: shown as plain text ("Show original") or, with ?download=1, as an .eml file.
import { accountOrThrow } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { userMessage } from "@/lib/i18n/user-message";
import { contentDisposition } from "@/lib/mail/content-disposition";
import { openMessageSource } from "@/lib/mail/open-attachment";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^\d{1,18}$/.test(id)) return new Response("Not found", { status: 404 });
  const download = new URL(request.url).searchParams.get("download") === "1";
  try {
    const source = await openMessageSource(await accountOrThrow(), BigInt(id));
    return new Response(source.body, {
      headers: {
        // As text/plain the browser shows the bytes and never renders them.
        "Content-Type": download ? "message/rfc822" : "text/plain; charset=utf-8",
        "Content-Disposition": contentDisposition(download ? "attachment" : "inline", source.filename),
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    return new Response(await userMessage(error, "message source"), { status: isAppError(error) ? error.status : 500 });
  }
}
