import "./helpers/env";
import { describe, expect, it } from "vitest";
import { syncMailbox } from "@/lib/mail/sync-mail";
import { cachedFolder, cachedMessages, signInAs } from "./helpers/app";
import { appendMessages, asOtherClient, createMailUser, textMessage, uniqueTag } from "./helpers/mail";

/**
 * After a first full sync, Dovecot's CONDSTORE/QRESYNC let each later sync
 * ask only for what changed since the stored HIGHESTMODSEQ.
 */
describe("incremental sync (CONDSTORE / QRESYNC)", () => {
  it("stores HIGHESTMODSEQ and does nothing when nothing changed", async () => {
    const user = await createMailUser("modseq");
    await appendMessages(user, "INBOX", [1, 2, 3].map((i) => ({ raw: textMessage({ subject: `m${i} ${uniqueTag()}`, to: user.email }) })));
    const account = await signInAs(user);
    expect(await syncMailbox(account, "INBOX")).toMatchObject({ added: 3 });
    const folder = await cachedFolder(account.id, "INBOX");
    expect(folder?.highestModseq).toBeGreaterThan(0n);
    expect(await syncMailbox(account, "INBOX")).toEqual({ added: 0, updated: 0, removed: 0, rebuilt: false });
  });

  it("picks up new mail, flag changes and expunges made by another client in one pass", async () => {
    const user = await createMailUser("changes");
    const uids = await appendMessages(user, "INBOX", [1, 2, 3, 4].map((i) => ({ raw: textMessage({ subject: `c${i} ${uniqueTag()}`, to: user.email }) })));
    const account = await signInAs(user);
    await syncMailbox(account, "INBOX");

    const [added] = await appendMessages(user, "INBOX", [{ raw: textMessage({ subject: `late ${uniqueTag()}`, to: user.email }) }]);
    await asOtherClient(user, async (client) => {
      const lock = await client.getMailboxLock("INBOX");
      try {
        await client.messageFlagsAdd(String(uids[0]), ["\\Flagged", "\\Seen"], { uid: true });
        await client.messageDelete(String(uids[1]), { uid: true });
      } finally {
        lock.release();
      }
    });

    expect(await syncMailbox(account, "INBOX")).toEqual({ added: 1, updated: 1, removed: 1, rebuilt: false });
    const cached = await cachedMessages(account.id, "INBOX");
    expect([...cached.keys()]).toEqual([uids[0], uids[2], uids[3], added]);
    expect(cached.get(uids[0]!)).toMatchObject({ seen: true, flagged: true });
    expect((await cachedFolder(account.id, "INBOX"))?.totalCount).toBe(4);
  });
});
