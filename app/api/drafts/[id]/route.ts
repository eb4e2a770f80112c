// A draft for the compose form: read (GET), autosave (PUT, also sent with
// keepalive when the page is left) and discard (DELETE).
import { NextResponse } from "next/server";
import { z } from "zod";
import { accountOrThrow } from "@/lib/auth/session";
import { draftSchema } from "@/lib/compose/draft-input";
import { draftProblems } from "@/lib/compose/draft-problems";
import { getDraft } from "@/lib/compose/drafts";
import { autosaveDraft, discardDraft } from "@/lib/compose/start-draft";
import { isAppError } from "@/lib/errors";
import { userMessage } from "@/lib/i18n/user-message";
import { getTranslator } from "@/lib/i18n/locale";

const idSchema = z.uuid();

async function failure(error: unknown, context: string) {
  const status = isAppError(error) ? error.status : 500;
  return NextResponse.json({ error: await userMessage(error, context) }, { status });
}

async function notADraft() {
  return NextResponse.json({ error: (await getTranslator())("serverErrors.notADraft") }, { status: 404 });
}

/** The saved draft: the compose form asks once after opening it, in case a save from the page it replaced landed late. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = idSchema.safeParse((await params).id);
  if (!id.success) return notADraft();
  try {
    const draft = await getDraft((await accountOrThrow()).id, id.data);
    if (!draft) return NextResponse.json({ error: (await getTranslator())("serverErrors.draftGone") }, { status: 404 });
    return NextResponse.json({ revision: draft.revision, values: draftSchema.parse(draft) });
  } catch (error) {
    return failure(error, "read draft");
  }
}

export async function PUT(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = idSchema.safeParse((await params).id);
  if (!id.success) return notADraft();
  const body = draftSchema.safeParse(await request.json().catch(() => null));
  if (!body.success) {
    // The form shows this after "Not saved:", so it says which field and what is wrong with it.
    const problems = await draftProblems(body.error);
    return NextResponse.json({ error: problems.message, fields: problems.errors }, { status: 422 });
  }
  try {
    const draft = await autosaveDraft(await accountOrThrow(), id.data, body.data);
    return NextResponse.json({ revision: draft.revision, savedAt: draft.updatedAt.toISOString() });
  } catch (error) {
    return failure(error, "save draft");
  }
}

export async function DELETE(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = idSchema.safeParse((await params).id);
  if (!id.success) return notADraft();
  try {
    await discardDraft(await accountOrThrow(), id.data);
    return new NextResponse(null, { status: 204 });
  } catch (error) {
    return failure(error, "discard draft");
  }
}
