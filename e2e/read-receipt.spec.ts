// Read receipts (RFC 8098) in real Chromium against the real Dovecot and Postfix: the reader is
// asked once, "Send receipt" delivers an MDN to the sender, and neither answer asks again.
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers/auth";
import { newUser as newMailUser } from "./helpers/users";
import { countWithSubject, deliverMessage, uniqueTag } from "./helpers/mail";

const newUser = (label: string) => newMailUser("rr", label);

/** A message from `from` that asks for a read receipt (Disposition-Notification-To). */
function askingForReceipt(from: string, to: string, subject: string): string {
  return [
    `From: Receipt Asker <${from}>`,
    `To: ${to}`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${uniqueTag()}@e2e.maeil.example>`,
    `Disposition-Notification-To: Receipt Asker <${from}>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Let me know you got this.",
    "",
  ].join("\r\n");
}

async function openMessage(page: Page, subject: string) {
  await page.goto("/mail/INBOX");
  await page.getByTestId("message-list").getByRole("link", { name: new RegExp(subject) }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(subject);
}

const prompt = (page: Page) => page.getByTestId("read-receipt-prompt");

test("a requested read receipt is asked for once, sent on consent, and not asked again after a reload", async ({ page }) => {
  const sender = newUser("sender");
  const reader = newUser("reader");
  const subject = `Did you see this ${uniqueTag()}`;
  deliverMessage(askingForReceipt(sender.email, reader.email, subject), reader.email);

  await signIn(page, reader.email, reader.password);
  await openMessage(page, subject);
  await expect(prompt(page)).toContainText("Receipt Asker asked for a read receipt.");
  await expect(prompt(page)).toHaveCount(1);
  await prompt(page).getByRole("button", { name: "Send receipt" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Read receipt sent." })).toBeVisible({ timeout: 30_000 });

  // The sender got exactly one receipt.
  await expect.poll(() => countWithSubject(sender, "INBOX", `Read: ${subject}`), { timeout: 20_000 }).toBe(1);

  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(subject);
  await expect(page.getByTestId("message-text")).toContainText("Let me know you got this.");
  await expect(prompt(page)).toHaveCount(0);
  expect(await countWithSubject(sender, "INBOX", `Read: ${subject}`)).toBe(1);
});

test("“Don’t send” sends nothing and is not asked again either", async ({ page }) => {
  const sender = newUser("sender");
  const reader = newUser("reader");
  const subject = `Private reading ${uniqueTag()}`;
  deliverMessage(askingForReceipt(sender.email, reader.email, subject), reader.email);

  await signIn(page, reader.email, reader.password);
  await openMessage(page, subject);
  await prompt(page).getByRole("button", { name: "Don’t send" }).click();
  await expect(page.getByRole("status").filter({ hasText: "No read receipt will be sent." })).toBeVisible({ timeout: 30_000 });

  await openMessage(page, subject);
  await expect(page.getByTestId("message-text")).toContainText("Let me know you got this.");
  await expect(prompt(page)).toHaveCount(0);
  await page.waitForTimeout(3000);
  expect(await countWithSubject(sender, "INBOX", `Read: ${subject}`)).toBe(0);
});
