// Server-Sent Events: tells the signed-in browser which folders changed, as soon as they change.
import { accountOrThrow } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { streamMailEvents } from "@/lib/mail/mail-event-stream";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  let account;
  try {
    account = await accountOrThrow();
  } catch (error) {
    return new Response(isAppError(error) ? error.message : "Unauthorized", { status: 401 });
  }
  return new Response(await streamMailEvents(account, request.signal), {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      // Proxies such as nginx must not buffer the stream.
      "X-Accel-Buffering": "no",
    },
  });
}
