import "./helpers/env";
import { describe, expect, it } from "vitest";
import { getAttachedMessages } from "@/lib/mail/get-attached-messages";
import { getMessage } from "@/lib/mail/get-message";
import { syncMailbox } from "@/lib/mail/sync-mail";
import { signInAs } from "./helpers/app";
import { appendMessages, createMailUser, seedMessage } from "./helpers/mail";

describe("getAttachedMessages", () => {
  it("decodes a forwarded message/rfc822 attachment for display in place", async () => {
    const user = await createMailUser("attached");
    const [uid] = await appendMessages(user, "INBOX", [{ raw: seedMessage("a17-forwarded-rfc822.eml") }]);
    const account = await signInAs(user);
    await syncMailbox(account, "INBOX");
    const message = await getMessage(account, "INBOX", uid!);
    const [inner, ...rest] = await getAttachedMessages(account, "INBOX", message);
    expect(rest).toEqual([]);
    expect(inner!.subject).toBe("Server maintenance window");
    expect(inner!.from).toEqual({ name: "Ops", address: "ops@hosting.example" });
    expect(inner!.text).toContain("Maintenance: Saturday 02:00-04:00 UTC.");
  });
});
