// One attachment of a draft: GET serves its bytes (pasted images show in the editor), DELETE removes it.
import { Readable } from "node:stream";
import { accountOrThrow } from "@/lib/auth/session";
import { attachmentParams, errorResponse } from "@/lib/compose/attachment-http";
import { deleteAttachment, getAttachment, openAttachmentStream } from "@/lib/compose/attachment-store";
import { assertDraftOwned } from "@/lib/compose/drafts";
import { contentDisposition, isSafeInlineType } from "@/lib/mail/content-disposition";

type Context = { params: Promise<{ id: string; attachmentId: string }> };

export async function GET(request: Request, { params }: Context) {
  try {
    const { id, attachmentId } = attachmentParams.parse(await params);
    const account = await accountOrThrow();
    await assertDraftOwned(account.id, id);
    const file = await getAttachment(id, attachmentId);
    const inline = new URL(request.url).searchParams.get("download") !== "1" && isSafeInlineType(file.contentType);
    const body = Readable.toWeb(openAttachmentStream(file.id)) as ReadableStream<Uint8Array>;
    return new Response(body, {
      headers: {
        // As for message parts: only plain images render; anything else (HTML, SVG) is a download.
        "Content-Type": inline ? file.contentType : "application/octet-stream",
        "Content-Disposition": contentDisposition(inline ? "inline" : "attachment", file.filename),
        "Content-Length": String(file.size),
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "X-Content-Type-Options": "nosniff",
        // An attachment's bytes never change under its id.
        "Cache-Control": "private, max-age=3600",
      },
    });
  } catch (error) {
    return errorResponse(error, "draft attachment");
  }
}

export async function DELETE(_request: Request, { params }: Context) {
  try {
    const { id, attachmentId } = attachmentParams.parse(await params);
    const account = await accountOrThrow();
    await assertDraftOwned(account.id, id);
    await deleteAttachment(id, attachmentId);
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error, "attachment delete");
  }
}
