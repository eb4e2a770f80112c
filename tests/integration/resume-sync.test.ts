import "./helpers/env";
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { database } from "@/lib/db/database";
import { syncMailbox } from "@/lib/mail/sync-mail";
import { cachedFolder, signInAs } from "./helpers/app";
import { asOtherClient, createMailUser, ROOT, textMessage, uniqueTag, waitFor } from "./helpers/mail";

const COUNT = 3000;

async function cachedUids(accountId: string): Promise<number[]> {
  const { pool } = await database();
  const { rows } = await pool.query<{ uid: string }>(
    "SELECT m.uid FROM messages m JOIN folders f ON f.id = m.folder_id WHERE f.account_id = $1 AND f.path = 'INBOX' ORDER BY m.uid",
    [accountId],
  );
  return rows.map((r) => Number(r.uid));
}

describe("an initial sync killed half-way", () => {
  it("resumes with no duplicates and no holes", async () => {
    const user = await createMailUser("resume");
    const tag = uniqueTag();
    // One connection, many APPENDs: much faster than a connection per message.
    await asOtherClient(user, async (client) => {
      for (let i = 0; i < COUNT; i++) {
        await client.append("INBOX", textMessage({ subject: `Resume ${i} ${tag}`, to: user.email }), ["\\Seen"]);
      }
    });
    const account = await signInAs(user);

    // Another process starts the first sync; it is killed (SIGKILL: no clean-up
    // at all) once the first batches are stored.
    const child = spawn("npx", ["tsx", "--conditions=react-server", "tests/integration/helpers/sync-child.ts", account.id], {
      cwd: ROOT,
      env: process.env,
      stdio: "ignore",
      detached: true,
    });
    const partial = await waitFor(async () => {
      const n = (await cachedUids(account.id)).length;
      return n > 0 ? n : undefined;
    }, "the first batch", { timeoutMs: 60_000, intervalMs: 5 });
    process.kill(-child.pid!, "SIGKILL");
    expect(partial).toBeLessThan(COUNT);
    expect((await cachedFolder(account.id, "INBOX"))?.syncedAt).toBeNull();

    const result = await syncMailbox(account, "INBOX");
    const uids = await cachedUids(account.id);
    expect(result.added + partial).toBeGreaterThanOrEqual(COUNT);
    const server = await asOtherClient(user, async (client) => {
      const lock = await client.getMailboxLock("INBOX");
      try {
        return ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
      } finally {
        lock.release();
      }
    });
    expect(server).toHaveLength(COUNT);
    expect(uids).toEqual(server);
    expect((await cachedFolder(account.id, "INBOX"))?.syncedAt).not.toBeNull();
  }, 180_000);
});
