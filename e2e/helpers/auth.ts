/** Signing in through the real sign-in form, the way a person does. */
import { expect, type Page } from "@playwright/test";

/**
 * Opens /login, fills "Email address" and "Password" (found by their
 * accessible labels) and presses "Sign in". Waits until the app has left the
 * sign-in page, so the next step sees the mailbox.
 */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  // Typing into the form before React has hydrated it would be lost or submitted natively.
  await page.locator('form[data-ready="true"]').waitFor();
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login(\?|$)/, { timeout: 30_000 });
}
