// A watching IDLE connection that the network or the server drops, while a
// browser still listens, is opened again, and mail that came in meanwhile is synced.
import "./helpers/env";
import type { ImapFlow } from "imapflow";
import { afterEach, describe, expect, it } from "vitest";
import { imapLoginFor } from "@/lib/auth/account-credentials";
import { openImap } from "@/lib/imap/connect";
import { syncFolderList, syncMailbox } from "@/lib/mail/sync-mail";
import { watchMailbox, whenWatching } from "@/lib/sync/watch-mailbox";
import { cachedMessages, signInAs } from "./helpers/app";
import { createMailUser, deliver, textMessage, uniqueTag, waitFor } from "./helpers/mail";

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

describe("a watched Inbox whose connection drops", () => {
  it("is watched again on a new connection, and mail delivered in between reaches the cache", async () => {
    const user = await createMailUser("reconnect");
    const account = await signInAs(user);
    await syncFolderList(account);
    await syncMailbox(account, "INBOX");
    // As lib/mail/sync-mail.ts watchFolder does, with the connections kept here so that one can be cut.
    const connections: ImapFlow[] = [];
    const open = async () => {
      const client = await openImap(imapLoginFor(account), { idle: true });
      connections.push(client);
      return client;
    };
    stops.push(watchMailbox(account, "INBOX", open, async (client) => void (await syncMailbox(account, "INBOX", client))));
    expect(await whenWatching(account, "INBOX")).toBe(true);

    connections[0]!.close();
    const subject = `While disconnected ${uniqueTag()}`;
    deliver(user.email, textMessage({ subject, to: user.email }));
    await waitFor(async () => connections.length === 2, "a second connection", { timeoutMs: 10_000 });
    expect(await whenWatching(account, "INBOX")).toBe(true);
    await waitFor(async () => [...(await cachedMessages(account.id, "INBOX")).values()].find((m) => m.subject === subject), "the message delivered while disconnected");

    // And the new connection hears the next delivery itself.
    const next = `After the reconnect ${uniqueTag()}`;
    deliver(user.email, textMessage({ subject: next, to: user.email }));
    await waitFor(async () => [...(await cachedMessages(account.id, "INBOX")).values()].find((m) => m.subject === next), "the next delivery");
    expect(connections).toHaveLength(2);
  }, 60_000);
});
