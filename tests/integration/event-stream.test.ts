import "./helpers/env";
import { describe, expect, it } from "vitest";
import { publishMailEvent } from "@/lib/db/mail-events";
import { streamMailEvents } from "@/lib/mail/mail-event-stream";
import { signInAs } from "./helpers/app";
import { createMailUser } from "./helpers/mail";

describe("the browser's event stream", () => {
  it("says it is ready only once it hears every later change", async () => {
    const account = await signInAs(await createMailUser("stream"));
    const abort = new AbortController();
    const reader = (await streamMailEvents(account, abort.signal)).getReader();
    const decoder = new TextDecoder();
    const next = async () => decoder.decode((await reader.read()).value);
    try {
      expect(await next()).toContain("event: ready\n");
      // Published right after "ready", with nothing awaited in between: it must already be heard.
      await publishMailEvent({ accountId: account.id, path: "Archive" });
      expect(await next()).toBe(`event: mail\ndata: ${JSON.stringify({ path: "Archive" })}\n\n`);
    } finally {
      abort.abort();
    }
  }, 30_000);
});
