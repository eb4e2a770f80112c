// Recipient suggestions for the compose form's address fields (app/ui/compose/recipient-input.tsx).
import { z } from "zod";
import { accountOrThrow } from "@/lib/auth/session";
import { suggestContacts } from "@/lib/compose/contacts";
import { isAppError } from "@/lib/errors";
import { userMessage } from "@/lib/i18n/user-message";

const query = z.object({
  q: z.string({ error: "q: what was typed is missing." }).max(200, "q: at most 200 characters."),
  limit: z.coerce.number().int().min(1, "limit: at least 1.").max(20, "limit: at most 20.").default(8),
  /** Addresses already in the field, which are not suggested again. */
  exclude: z.array(z.string().max(320)).max(500, "exclude: at most 500 addresses."),
});

/** GET /api/contacts?q=kim&limit=8&exclude=a@x.kr&exclude=... -> { contacts: [{ name, address }] } */
export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const input = query.safeParse({ q: params.get("q") ?? undefined, limit: params.get("limit") ?? undefined, exclude: params.getAll("exclude") });
  if (!input.success) return json({ error: input.error.issues.map((issue) => issue.message).join(" ") }, 422);
  try {
    const account = await accountOrThrow();
    const contacts = await suggestContacts(account.id, input.data.q, { limit: input.data.limit, exclude: input.data.exclude });
    return json({ contacts }, 200);
  } catch (error) {
    return json({ error: await userMessage(error, "contact suggestions") }, isAppError(error) ? error.status : 500);
  }
}

function json(body: unknown, status: number): Response {
  // Who the user writes to is private: never cached anywhere.
  return Response.json(body, { status, headers: { "Cache-Control": "private, no-store" } });
}
