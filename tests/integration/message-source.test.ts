import "./helpers/env";
import { describe, expect, it } from "vitest";
import { openMessageSource } from "@/lib/mail/open-attachment";
import { syncMailbox } from "@/lib/mail/sync-mail";
import { cachedMessages, signInAs } from "./helpers/app";
import { appendMessages, createMailUser, seedMessage } from "./helpers/mail";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe("openMessageSource", () => {
  it("streams the message exactly as the server stores it, named after its subject", async () => {
    const user = await createMailUser("source");
    const raw = seedMessage("a07-korean-euc-kr.eml");
    await appendMessages(user, "INBOX", [{ raw }]);
    const account = await signInAs(user);
    await syncMailbox(account, "INBOX");
    const [row] = [...(await cachedMessages(account.id, "INBOX")).values()];
    const source = await openMessageSource(account, row!.id);
    expect(source.filename).toBe("회의 일정 안내.eml");
    expect(source.contentType).toBe("message/rfc822");
    expect((await readAll(source.body)).equals(raw)).toBe(true);
  });
});
