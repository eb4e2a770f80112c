import "./helpers/env";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { decodeCursor, encodeCursor, listMessages } from "@/lib/mail/list-messages";
import { PAGE_SIZE } from "@/lib/mail/list-paging";
import { rejectionOf, signInAs } from "./helpers/app";
import { appendMessages, createMailUser, textMessage, uniqueTag } from "./helpers/mail";

describe("listMessages", () => {
  it("syncs on the first visit and pages newest first with keyset cursors", async () => {
    const user = await createMailUser("list");
    const tag = uniqueTag();
    const count = PAGE_SIZE + 5;
    const start = Date.UTC(2026, 0, 1);
    // Internal dates one hour apart, appended oldest first: message i is the i-th oldest.
    await appendMessages(
      user,
      "INBOX",
      Array.from({ length: count }, (_, i) => ({
        raw: textMessage({ subject: `List ${i} ${tag}`, to: user.email }),
        date: new Date(start + i * 3_600_000),
      })),
    );
    const account = await signInAs(user);

    const first = await listMessages(account, "INBOX", {});
    expect(first.total).toBe(count);
    expect(first.firstIndex).toBe(1);
    expect(first.messages).toHaveLength(PAGE_SIZE);
    expect(first.messages[0]!.subject).toBe(`List ${count - 1} ${tag}`);
    expect(first.messages.at(-1)!.subject).toBe(`List ${count - PAGE_SIZE} ${tag}`);
    expect(first.newer).toBeNull();
    expect(first.older).not.toBeNull();

    // The cursor survives the URL round trip; the page's position travels beside it.
    const older = decodeCursor(encodeCursor(first.older!));
    const second = await listMessages(account, "INBOX", { after: older, index: PAGE_SIZE + 1 });
    expect(second.firstIndex).toBe(PAGE_SIZE + 1);
    expect(second.messages.map((m) => m.subject)).toEqual(
      Array.from({ length: count - PAGE_SIZE }, (_, i) => `List ${count - PAGE_SIZE - 1 - i} ${tag}`),
    );
    expect(second.older).toBeNull();
    expect(second.newer).not.toBeNull();

    const back = await listMessages(account, "INBOX", { before: second.newer! });
    expect(back.firstIndex).toBe(1);
    expect(back.messages.map((m) => m.uid)).toEqual(first.messages.map((m) => m.uid));
    expect(back.newer).toBeNull();
  });

  it("answers NOT_FOUND for a folder that does not exist", async () => {
    const user = await createMailUser("list-missing");
    const account = await signInAs(user);
    const error = await rejectionOf(listMessages(account, `Nope-${uniqueTag()}`, {}));
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("NOT_FOUND");
  });
});
