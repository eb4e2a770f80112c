// The next page of a folder's list, older than a keyset cursor, as JSON: what
// the virtualised list (app/ui/virtual-message-list.tsx) appends as the user scrolls.
import { z } from "zod";
import { accountOrThrow } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { userMessage } from "@/lib/i18n/user-message";
import { decodeCursor, encodeCursor, listMessages, toListRow } from "@/lib/mail/list-messages";
import { MAX_ROWS, PAGE_SIZE } from "@/lib/mail/list-paging";

const CURSOR = /^\d{1,15}\.\d{1,10}$/;

const query = z.object({
  folder: z.string({ error: "folder: the folder's path is missing." }).min(1, "folder: the folder's path is empty.").max(1000, "folder: the path is too long."),
  after: z.string({ error: "after: the cursor is missing." }).regex(CURSOR, "after: the cursor must look like <ms>.<uid>."),
  limit: z.coerce.number({ error: "limit: must be a number." }).int("limit: must be a whole number.")
    .min(1, "limit: must be at least 1.").max(MAX_ROWS, `limit: at most ${MAX_ROWS} rows per request.`).default(PAGE_SIZE),
});

/**
 * GET /api/folders/messages?folder=INBOX&after=<ms>.<uid>[&limit=50] -> { rows, older }
 * `limit` above a page: the list re-reading the rows it had loaded, after a change.
 */
export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const input = query.safeParse({ folder: params.get("folder") ?? undefined, after: params.get("after") ?? undefined, limit: params.get("limit") ?? undefined });
  if (!input.success) return json({ error: input.error.issues.map((issue) => issue.message).join(" ") }, 422);
  try {
    const account = await accountOrThrow();
    const page = await listMessages(account, input.data.folder, { after: decodeCursor(input.data.after), limit: input.data.limit });
    return json({ rows: page.messages.map((m) => toListRow(m)), older: page.older ? encodeCursor(page.older) : null }, 200);
  } catch (error) {
    return json({ error: await userMessage(error, "list messages") }, isAppError(error) ? error.status : 500);
  }
}

function json(body: unknown, status: number): Response {
  // Mail is private and changes all the time: never cached anywhere.
  return Response.json(body, { status, headers: { "Cache-Control": "private, no-store" } });
}
