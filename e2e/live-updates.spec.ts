// New mail shows up in an open inbox by itself (IMAP IDLE -> PostgreSQL NOTIFY -> Server-Sent Events).
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers/auth";
import { deliverMessage, rawMessage, uniqueTag } from "./helpers/mail";

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
