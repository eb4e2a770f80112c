import "./helpers/env";
import { createHash, randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { AccountRecord } from "@/lib/db/accounts";
import { database } from "@/lib/db/database";
import {
  AttachmentLimitError,
  CHUNK_BYTES,
  copyAttachmentBytes,
  deleteAttachment,
  listAttachments,
  openAttachmentStream,
  readAttachment,
  saveAttachmentStream,
} from "@/lib/compose/attachment-store";
import { createDraft } from "@/lib/compose/drafts";
import { rejectionOf, signInAs } from "./helpers/app";
import { createMailUser } from "./helpers/mail";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const MB = 1024 * 1024;

/**
 * A body that hands out `bytes` in uneven pieces (as a network upload does)
 * only when asked, and records how much was asked for: a store that stops
 * reading at the limit leaves most of it unread.
 */
function uploadOf(bytes: Buffer, options: { failAfter?: number } = {}) {
  const pieces = [7, 65_536, 100_003, 1, 262_144, 31_337];
  let offset = 0;
  let turn = 0;
  const stats = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (options.failAfter !== undefined && offset >= options.failAfter) {
        controller.error(new Error("connection reset by peer"));
        return;
      }
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      const n = Math.min(pieces[turn++ % pieces.length]!, bytes.length - offset);
      controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + n)));
      offset += n;
      stats.pulled = offset;
    },
    cancel() {
      stats.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { body, stats };
}

async function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function rowsOf(draftId: string) {
  const { prisma } = await database();
  return prisma.draftAttachment.findMany({ where: { draftId }, include: { _count: { select: { chunks: true } } } });
}

let account: AccountRecord;
beforeAll(async () => {
  account = await signInAs(await createMailUser("attstore"));
});

describe("attachment store (PostgreSQL chunks)", () => {
  it("streams a several-MB file in 256 KiB chunks and reads it back byte-exact", async () => {
    const draft = await createDraft(account.id, {});
    const file = randomBytes(6 * MB + 12_345); // not a multiple of the chunk size
    const { body, stats } = uploadOf(file);

    const info = await saveAttachmentStream(draft.id, { filename: "회의 자료 (final).bin", contentType: "application/x-test" }, body, 25 * MB);
    expect(stats.pulled).toBe(file.length);
    expect(info).toMatchObject({ filename: "회의 자료 (final).bin", contentType: "application/x-test", size: file.length, contentId: null });

    const [row] = await rowsOf(draft.id);
    expect(row!.complete).toBe(true);
    expect(row!.sha256).toBe(sha256(file));
    expect(row!._count.chunks).toBe(Math.ceil(file.length / CHUNK_BYTES));
    const { prisma } = await database();
    const sizes = await prisma.attachmentChunk.findMany({ where: { attachmentId: info.id }, orderBy: { seq: "asc" }, select: { seq: true, data: true } });
    expect(sizes.slice(0, -1).every((c) => c.data.length === CHUNK_BYTES)).toBe(true);
    expect(sizes.map((c) => c.seq)).toEqual(sizes.map((_, i) => i));

    expect(sha256(await readAttachment(info.id))).toBe(sha256(file));
    expect(sha256(await streamToBuffer(openAttachmentStream(info.id)))).toBe(sha256(file));
    expect(await listAttachments(draft.id)).toEqual([info]);
  });

  it("stops reading an upload that exceeds the draft's total, and keeps nothing of it", async () => {
    const draft = await createDraft(account.id, {});
    const limit = 3 * MB;
    const first = await saveAttachmentStream(draft.id, { filename: "first.bin", contentType: "application/octet-stream" }, uploadOf(randomBytes(2 * MB)).body, limit);

    const big = randomBytes(4 * MB);
    const { body, stats } = uploadOf(big);
    const error = await rejectionOf(saveAttachmentStream(draft.id, { filename: "second.pdf", contentType: "application/pdf" }, body, limit));
    expect(error).toBeInstanceOf(AttachmentLimitError);
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toBe(`"second.pdf" does not fit: a message's attachments may total at most 3 MB (2 MB is already attached).`);
    expect((error as AttachmentLimitError).usedBytes).toBe(2 * MB);
    // It read about 1 MB (what still fitted) plus at most one chunk, not the 4 MB sent.
    expect(stats.pulled).toBeLessThanOrEqual(1 * MB + 2 * CHUNK_BYTES);
    expect(stats.cancelled).toBe(true);

    const rows = await rowsOf(draft.id);
    expect(rows.map((r) => r.id)).toEqual([first.id]);
    expect(await listAttachments(draft.id)).toEqual([first]);

    // Exactly at the limit is allowed.
    const rest = await saveAttachmentStream(draft.id, { filename: "exact.bin", contentType: "application/octet-stream" }, uploadOf(randomBytes(1 * MB)).body, limit);
    expect(rest.size).toBe(1 * MB);
  });

  it("refuses a declared size over the limit before reading a byte", async () => {
    const draft = await createDraft(account.id, {});
    const { body, stats } = uploadOf(randomBytes(2 * MB));
    const error = await rejectionOf(
      saveAttachmentStream(draft.id, { filename: "huge.iso", contentType: "application/octet-stream", declaredSize: 2 * MB }, body, 1 * MB),
    );
    expect(error).toBeInstanceOf(AttachmentLimitError);
    expect(error.message).toBe(`"huge.iso" does not fit: a message's attachments may total at most 1 MB.`);
    expect(stats.pulled).toBe(0);
    expect(await rowsOf(draft.id)).toEqual([]);
  });

  it("leaves nothing behind when the upload breaks off", async () => {
    const draft = await createDraft(account.id, {});
    const { body } = uploadOf(randomBytes(2 * MB), { failAfter: 700_000 });
    const error = await rejectionOf(saveAttachmentStream(draft.id, { filename: "cut.bin", contentType: "application/octet-stream" }, body, 25 * MB));
    expect(error.message).toBe("connection reset by peer");
    expect(await rowsOf(draft.id)).toEqual([]);
  });

  it("stores pasted images with their Content-ID, copies bytes in hand, and deletes with the chunks", async () => {
    const draft = await createDraft(account.id, {});
    const png = randomBytes(40_000);
    const image = await saveAttachmentStream(
      draft.id,
      { filename: "../../etc/paste.png", contentType: "IMAGE/PNG; charset=binary", contentId: "abc@maeil" },
      uploadOf(png).body,
      25 * MB,
    );
    expect(image).toMatchObject({ filename: "paste.png", contentType: "image/png", contentId: "abc@maeil", size: png.length });

    const eml = Buffer.from("Subject: hi\r\n\r\nforwarded\r\n");
    const copied = await copyAttachmentBytes(draft.id, { filename: "hi.eml", contentType: "message/rfc822" }, eml);
    expect((await readAttachment(copied.id)).equals(eml)).toBe(true);
    expect((await listAttachments(draft.id)).map((a) => a.id)).toEqual([image.id, copied.id]);

    await deleteAttachment(draft.id, image.id);
    const { prisma } = await database();
    expect(await prisma.attachmentChunk.count({ where: { attachmentId: image.id } })).toBe(0);
    expect((await listAttachments(draft.id)).map((a) => a.id)).toEqual([copied.id]);
    // Another draft's id cannot delete it.
    const other = await createDraft(account.id, {});
    await deleteAttachment(other.id, copied.id);
    expect((await listAttachments(draft.id)).map((a) => a.id)).toEqual([copied.id]);
    expect((await rejectionOf(readAttachment(image.id))).code).toBe("NOT_FOUND");
  });

  it("refuses changes while the draft waits in the outbox", async () => {
    const draft = await createDraft(account.id, {});
    const { prisma } = await database();
    await prisma.draft.update({ where: { id: draft.id }, data: { state: "outbox" } });
    const error = await rejectionOf(saveAttachmentStream(draft.id, { filename: "late.txt", contentType: "text/plain" }, uploadOf(Buffer.from("x")).body, MB));
    expect(error.message).toBe("This message is already being sent. Undo the send to change its attachments.");
  });
});
