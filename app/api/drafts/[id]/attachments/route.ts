// A draft's attachments: POST streams one upload into storage, GET lists them.
import { accountOrThrow } from "@/lib/auth/session";
import { draftParams, errorResponse, uploadHeaders } from "@/lib/compose/attachment-http";
import { attachmentLimitBytes, listAttachments, newContentId, saveAttachmentStream } from "@/lib/compose/attachment-store";
import { assertDraftOwned } from "@/lib/compose/drafts";

type Context = { params: Promise<{ id: string }> };

/**
 * The body is the raw file (never buffered whole: it goes to PostgreSQL in
 * 256 KiB chunks as it arrives). X-Filename carries the URI-encoded name,
 * Content-Type the file's type; ?inline=1 marks an image pasted into the body.
 */
export async function POST(request: Request, { params }: Context) {
  try {
    const { id } = draftParams.parse(await params);
    const account = await accountOrThrow();
    await assertDraftOwned(account.id, id);
    const meta = uploadHeaders.parse({
      filename: request.headers.get("x-filename") ?? undefined,
      contentType: request.headers.get("content-type"),
      contentLength: request.headers.get("content-length"),
      inline: new URL(request.url).searchParams.get("inline") === "1",
    });
    const saved = await saveAttachmentStream(
      id,
      {
        filename: meta.filename,
        contentType: meta.contentType ?? "application/octet-stream",
        contentId: meta.inline ? newContentId() : null,
        declaredSize: meta.contentLength,
      },
      // An empty file has no body at all.
      request.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() }),
      attachmentLimitBytes(),
    );
    return Response.json(saved, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error, "attachment upload");
  }
}

export async function GET(_request: Request, { params }: Context) {
  try {
    const { id } = draftParams.parse(await params);
    const account = await accountOrThrow();
    await assertDraftOwned(account.id, id);
    return Response.json(await listAttachments(id), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error, "attachment list");
  }
}
