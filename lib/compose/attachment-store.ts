import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { db } from "@/lib/db/database";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { localizedError } from "@/lib/i18n/server-errors";
import { limitBytesOf, limitExceededMessage, type AttachmentInfo } from "./attachment-limit";

/**
 * A draft's attachments, kept in PostgreSQL in 256 KiB chunks. Uploads are
 * written chunk by chunk as they arrive (never held whole in memory), the
 * draft's total is enforced while they arrive, and any app instance can read
 * them back, whole (to build the message) or as a stream (to serve them).
 */

export type { AttachmentInfo } from "./attachment-limit";

export const CHUNK_BYTES = 256 * 1024;

/** An upload still arriving after this long is taken for abandoned (its server died mid-upload). */
const STALE_UPLOAD_MS = 60 * 60 * 1000;

export interface AttachmentMeta {
  filename: string;
  contentType: string;
  /** Set for an image pasted into the body. */
  contentId?: string | null;
  /** The Content-Length of the upload, when known: refused at once if it cannot fit. */
  declaredSize?: number | null;
}

/** The draft's attachments would exceed the limit (the routes answer 413). */
export class AttachmentLimitError extends AppError {
  constructor(
    readonly filename: string,
    readonly limitBytes: number,
    readonly usedBytes: number,
  ) {
    super("INVALID_INPUT", limitExceededMessage(filename, limitBytes, usedBytes));
  }
}

/** The configured limit (MAEIL_ATTACHMENT_LIMIT_MB) in bytes, for the routes and the compose page. */
export function attachmentLimitBytes(): number {
  return limitBytesOf(env().MAEIL_ATTACHMENT_LIMIT_MB);
}

/** A Content-ID for a pasted image: unique, and valid as an RFC 5322 msg-id without the brackets. */
export function newContentId(): string {
  return `${randomUUID()}@maeil`;
}

/** A file name safe to store and to put in a MIME header: no path, no control characters. */
export function cleanFilename(name: string): string {
  const base = name.replace(/\\/g, "/").split("/").pop() ?? "";
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 255);
  return cleaned || "attachment";
}

const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/** The type part of a Content-Type (parameters dropped), or application/octet-stream if it is not one. */
export function cleanContentType(type: string | null | undefined): string {
  const bare = (type ?? "").split(";")[0]!.trim().toLowerCase();
  return MIME_TYPE.test(bare) ? bare : "application/octet-stream";
}

function toInfo(row: { id: string; filename: string; contentType: string; size: bigint; contentId: string | null }): AttachmentInfo {
  return { id: row.id, filename: row.filename, contentType: row.contentType, size: Number(row.size), contentId: row.contentId };
}

const INFO_COLUMNS = { id: true, filename: true, contentType: true, size: true, contentId: true } as const;

/** Bytes the draft's attachments hold: complete ones, and uploads in progress elsewhere (not abandoned ones). */
async function bytesInUse(draftId: string): Promise<number> {
  const prisma = await db();
  const result = await prisma.draftAttachment.aggregate({
    _sum: { size: true },
    where: { draftId, OR: [{ complete: true }, { createdAt: { gt: new Date(Date.now() - STALE_UPLOAD_MS) } }] },
  });
  return Number(result._sum.size ?? 0n);
}

/** Attachments may change only while the draft is being edited (not while it waits in the outbox). */
async function assertEditable(draftId: string): Promise<void> {
  const prisma = await db();
  const draft = await prisma.draft.findUnique({ where: { id: draftId }, select: { state: true } });
  if (!draft) throw localizedError("NOT_FOUND", "draftGone");
  if (draft.state !== "editing") throw localizedError("INVALID_INPUT", "attachmentsBeingSent");
}

/**
 * Stores an upload as it arrives: 256 KiB chunks, the draft's total checked
 * before each one (so an upload over the limit stops being read at once),
 * its SHA-256 computed on the way. A failed or refused upload leaves nothing.
 */
export async function saveAttachmentStream(
  draftId: string,
  meta: AttachmentMeta,
  body: ReadableStream<Uint8Array>,
  limitBytes: number,
): Promise<AttachmentInfo> {
  const prisma = await db();
  const filename = cleanFilename(meta.filename);
  await assertEditable(draftId);
  await prisma.draftAttachment.deleteMany({ where: { draftId, complete: false, createdAt: { lt: new Date(Date.now() - STALE_UPLOAD_MS) } } });
  if (meta.declaredSize != null) {
    const used = await bytesInUse(draftId);
    if (used + meta.declaredSize > limitBytes) {
      await body.cancel().catch(() => {});
      throw new AttachmentLimitError(filename, limitBytes, used);
    }
  }

  const row = await prisma.draftAttachment.create({
    data: { draftId, filename, contentType: cleanContentType(meta.contentType), contentId: meta.contentId ?? null },
    select: { id: true },
  });
  const hash = createHash("sha256");
  const reader = body.getReader();
  let size = 0;
  let seq = 0;
  let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let filled = 0;

  // Counts the chunk against the draft's total, then writes it and the new size together.
  const flush = async () => {
    if (filled === 0) return;
    const total = await bytesInUse(draftId); // includes this upload's bytes written so far
    if (total + filled > limitBytes) throw new AttachmentLimitError(filename, limitBytes, total - size);
    const data = filled === CHUNK_BYTES ? chunk : chunk.subarray(0, filled);
    await prisma.$transaction([
      prisma.attachmentChunk.create({ data: { attachmentId: row.id, seq, data } }),
      prisma.draftAttachment.update({ where: { id: row.id }, data: { size: { increment: filled } } }),
    ]);
    seq++;
    size += filled;
    chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    filled = 0;
  };

  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      hash.update(value);
      let offset = 0;
      while (offset < value.length) {
        const n = Math.min(CHUNK_BYTES - filled, value.length - offset);
        chunk.set(value.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        if (filled === CHUNK_BYTES) await flush();
      }
    }
    await flush();
    // Another upload to the same draft may have finished meanwhile: the total must still fit.
    const total = await bytesInUse(draftId);
    if (total > limitBytes) throw new AttachmentLimitError(filename, limitBytes, total - size);
    const done = await prisma.draftAttachment.update({
      where: { id: row.id },
      data: { complete: true, sha256: hash.digest("hex"), size },
      select: INFO_COLUMNS,
    });
    return toInfo(done);
  } catch (error) {
    await reader.cancel().catch(() => {});
    await prisma.draftAttachment.deleteMany({ where: { id: row.id } }).catch(() => {});
    throw error;
  }
}

/** Stores bytes already in hand (e.g. a message forwarded as an attachment), the same way as an upload. */
export async function copyAttachmentBytes(
  draftId: string,
  meta: AttachmentMeta,
  bytes: Buffer,
  limitBytes: number = attachmentLimitBytes(),
): Promise<AttachmentInfo> {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      controller.close();
    },
  });
  return saveAttachmentStream(draftId, { ...meta, declaredSize: bytes.byteLength }, body, limitBytes);
}

/** The draft's finished attachments, oldest first. */
export async function listAttachments(draftId: string): Promise<AttachmentInfo[]> {
  const prisma = await db();
  const rows = await prisma.draftAttachment.findMany({
    where: { draftId, complete: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: INFO_COLUMNS,
  });
  return rows.map(toInfo);
}

/** One finished attachment of the draft, or NOT_FOUND. */
export async function getAttachment(draftId: string, attachmentId: string): Promise<AttachmentInfo> {
  const prisma = await db();
  const row = await prisma.draftAttachment.findFirst({ where: { id: attachmentId, draftId, complete: true }, select: INFO_COLUMNS });
  if (!row) throw localizedError("NOT_FOUND", "attachmentGone");
  return toInfo(row);
}

/** The whole attachment (build-message puts it in the MIME message). */
export async function readAttachment(attachmentId: string): Promise<Buffer> {
  const prisma = await db();
  const row = await prisma.draftAttachment.findFirst({ where: { id: attachmentId, complete: true }, select: { size: true } });
  if (!row) throw localizedError("NOT_FOUND", "attachmentGone");
  const chunks = await prisma.attachmentChunk.findMany({ where: { attachmentId }, orderBy: { seq: "asc" }, select: { data: true } });
  const bytes = Buffer.concat(chunks.map((c) => c.data));
  if (bytes.length !== Number(row.size)) throw new Error(`attachment ${attachmentId}: ${bytes.length} bytes stored, ${row.size} expected`);
  return bytes;
}

/** The attachment as a stream, one chunk in memory at a time (for serving it). */
export function openAttachmentStream(attachmentId: string): Readable {
  async function* chunks() {
    const prisma = await db();
    for (let seq = 0; ; seq++) {
      const row = await prisma.attachmentChunk.findUnique({ where: { attachmentId_seq: { attachmentId, seq } }, select: { data: true } });
      if (!row) return;
      yield Buffer.from(row.data);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** Removes an attachment from the draft (nothing happens if it is already gone). */
export async function deleteAttachment(draftId: string, attachmentId: string): Promise<void> {
  await assertEditable(draftId);
  const prisma = await db();
  await prisma.draftAttachment.deleteMany({ where: { id: attachmentId, draftId } });
}
