import "./helpers/env";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { getMessage } from "@/lib/mail/get-message";
import { openAttachment } from "@/lib/mail/open-attachment";
import { syncMailbox } from "@/lib/mail/sync-mail";
import { cachedMessages, rejectionOf, signInAs } from "./helpers/app";
import { appendMessages, createMailUser, SEED_DIR, seedMessage } from "./helpers/mail";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * The decoded bytes of the base64 part of a seed message whose MIME headers
 * match `headers`, cut out by hand so the check does not lean on the code
 * under test.
 */
function fixturePart(file: string, headers: RegExp): Buffer {
  const text = readFileSync(path.join(SEED_DIR, file), "latin1");
  const boundary = /boundary="([^"]+)"/.exec(text)?.[1];
  if (!boundary) throw new Error(`${file} is not multipart`);
  for (const part of text.split(`--${boundary}`)) {
    const split = part.indexOf("\n\n");
    if (split < 0) continue;
    const head = part.slice(0, split);
    if (headers.test(head) && /Content-Transfer-Encoding:\s*base64/i.test(head)) {
      return Buffer.from(part.slice(split + 2).replace(/\s+/g, ""), "base64");
    }
  }
  throw new Error(`no base64 part matching ${headers} in ${file}`);
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A fresh user with these seed messages in INBOX, signed in and synced; message ids by UID. */
async function inboxWith(label: string, files: string[]) {
  const user = await createMailUser(label);
  const uids = await appendMessages(user, "INBOX", files.map((file) => ({ raw: seedMessage(file) })));
  const account = await signInAs(user);
  await syncMailbox(account, "INBOX");
  const rows = await cachedMessages(account.id, "INBOX");
  return { user, account, uids, ids: uids.map((uid) => rows.get(uid)!.id) };
}

describe("openAttachment", () => {
  it("streams the seeded PNG byte for byte", async () => {
    const { account, ids } = await inboxWith("attach-png", ["a13-mixed-png-attachment.eml"]);
    const expected = fixturePart("a13-mixed-png-attachment.eml", /image\/png/);
    expect(expected.subarray(1, 4).toString("latin1")).toBe("PNG");

    const download = await openAttachment(account, ids[0]!, "2");
    const bytes = await readAll(download.body);
    expect(sha256(bytes)).toBe(sha256(expected));
    expect(download.contentType).toBe("image/png");
    expect(download.filename).toBe("login-screenshot.png");
  });

  it("streams a PDF attachment byte for byte", async () => {
    const { account, ids } = await inboxWith("attach-pdf", ["a12-mixed-pdf-attachment.eml"]);
    const expected = fixturePart("a12-mixed-pdf-attachment.eml", /application\/pdf/);
    const download = await openAttachment(account, ids[0]!, "2");
    expect(sha256(await readAll(download.body))).toBe(sha256(expected));
    expect(download.contentType).toBe("application/pdf");
  });

  it("uses the decoded RFC 2231 file name once the message has been read", async () => {
    const file = "a15-korean-filename-rfc2231.eml";
    const { account, uids, ids } = await inboxWith("attach-2231", [file]);
    await getMessage(account, "INBOX", uids[0]!);
    const download = await openAttachment(account, ids[0]!, "3");
    expect(download.filename).toBe("분기별_실적_보고서_최종본.csv");
    expect(download.contentType).toBe("text/csv");
    expect(sha256(await readAll(download.body))).toBe(sha256(fixturePart(file, /text\/csv/)));
  });

  it("reports the attachment's own size (or none) before the message was ever opened", async () => {
    // Nothing cached yet: the size can only come from the server. The whole
    // message's size (what imapflow calls expectedSize) is not the part's size.
    const { account, ids } = await inboxWith("attach-size", ["a13-mixed-png-attachment.eml"]);
    const expected = fixturePart("a13-mixed-png-attachment.eml", /image\/png/);
    const download = await openAttachment(account, ids[0]!, "2");
    const bytes = await readAll(download.body);
    expect(bytes.length).toBe(expected.length);
    expect(download.size ?? bytes.length).toBe(expected.length);
  });

  it("answers NOT_FOUND for a part the message does not have", async () => {
    const { account, ids } = await inboxWith("attach-nopart", ["a13-mixed-png-attachment.eml"]);
    const error = await rejectionOf(
      openAttachment(account, ids[0]!, "9").then(async (download) => {
        // Drain what came, so a wrongly opened download does not hold its IMAP connection.
        await readAll(download.body);
        return download;
      }),
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("NOT_FOUND");
  });

  it("does not open another account's message", async () => {
    const owner = await inboxWith("attach-owner", ["a13-mixed-png-attachment.eml"]);
    const stranger = await inboxWith("attach-stranger", ["a01-welcome-plain-ascii.eml"]);
    const error = await rejectionOf(openAttachment(stranger.account, owner.ids[0]!, "2"));
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("NOT_FOUND");
  });
});
