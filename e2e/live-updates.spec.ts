// New mail shows up in an open inbox by itself (IMAP IDLE -> PostgreSQL NOTIFY -> Server-Sent Events),
// and mail filed into another folder updates the sidebar (IMAP NOTIFY on the same connection).
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers/auth";
import { deliverMessage, rawMessage, uniqueTag, withImap } from "./helpers/mail";
import { newUser } from "./helpers/users";

test("a message delivered while the inbox is open appears without a reload", async ({ page }) => {
  await signIn(page, "carol@example.test", "carol-secret");
  const list = page.getByTestId("message-list");
  await expect(list).toBeVisible();
  // Let the page's event stream connect and the server's IDLE watch begin.
  await page.waitForTimeout(1500);

  const subject = `Fresh off the wire ${uniqueTag()}`;
  // A full page load would wipe this; the pushed update must not need one.
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  deliverMessage(
    rawMessage({ from: "Dave Park <dave@example.test>", to: "carol@example.test", subject, body: "Did this arrive by itself?" }),
    "carol@example.test",
  );
  // Well inside the 60 s fallback poll: this can only be the pushed update.
  await expect(list.getByRole("link", { name: new RegExp(subject) })).toBeVisible({ timeout: 5000 });
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
});

test("mail filed into another folder while the inbox is open counts in the sidebar without a reload", async ({ page }) => {
  const me = newUser("live", "filed");
  await signIn(page, me.email, me.password);
  await expect(page.getByText("No messages in this folder.")).toBeVisible();
  const junk = page.getByRole("navigation", { name: "Folders" }).getByRole("link", { name: /^Junk/ });
  await expect(junk).toBeVisible();
  await expect(junk.getByLabel(/unread/)).toHaveCount(0);
  await page.waitForTimeout(1500);

  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  // As a server-side filter would: straight into Junk, never through the Inbox.
  for (const n of [1, 2]) {
    deliverMessage(rawMessage({ from: "Promo <promo@example.test>", to: me.email, subject: `Deal ${n} ${uniqueTag()}`, body: "Buy now." }), me.email, "Junk");
  }
  await expect(junk.getByLabel("2 unread")).toBeVisible({ timeout: 5000 });
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
});

test("a long folder's first visit lists its rows at once and fills in their snippets without a reload", async ({ page }) => {
  const me = newUser("live", "first-visit");
  const tag = uniqueTag();
  // More than one page: the first sync stores the list rows first and the newest page's snippets after them.
  await withImap(me, async (client) => {
    for (let i = 0; i < 80; i++) {
      await client.append("INBOX", rawMessage({ from: "Dave Park <dave@example.test>", to: me.email, subject: `Row ${i} ${tag}`, body: `Snippet line ${i} ${tag}` }));
    }
  });
  await signIn(page, me.email, me.password);
  const newest = page.getByTestId("message-list").getByRole("link", { name: new RegExp(`Row 79 ${tag}`) });
  await expect(newest).toBeVisible();
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  await expect(newest).toContainText(`Snippet line 79 ${tag}`, { timeout: 10_000 });
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
});
