// Writing a message in the compose screen, the way a user does: chips for recipients, then
// subject and body typed into the editor.
import type { Page } from "@playwright/test";

/** Fills a recipient field ("To", "Cc", "Bcc") and commits the address as a chip. */
export async function addRecipient(page: Page, label: string, address: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  await field.fill(address);
  await field.press("Enter");
}

/** Opens a new message and writes it; sending (or not) is the caller's part. */
export async function writeMessage(page: Page, { to, subject, body }: { to: string; subject: string; body: string }): Promise<void> {
  await page.goto("/compose");
  await addRecipient(page, "To", to);
  await page.getByLabel("Subject").fill(subject);
  await page.getByRole("textbox", { name: "Message" }).click();
  await page.keyboard.type(body);
}
