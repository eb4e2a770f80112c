// Remote images: blocked by default, shown once on request, or always for a sender the reader trusts.
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers/auth";
import { deliverMessage, rawMessage, uniqueTag } from "./helpers/mail";

// A "remote" server that is still this machine: another origin than the app's.
const BANNER = "http://127.0.0.1:9/banner.png";

function newsletter(subject: string, sender: string): string {
  const body = `<p>This week's deals</p><img src="${BANNER}" width="200" height="80" alt="banner">`;
  return rawMessage({ from: `Shop News <${sender}>`, to: "dave@example.test", subject, body, html: true });
}

test("remote images load only when asked, and always for a trusted sender", async ({ page }) => {
  const sender = `news-${uniqueTag()}@shop.example.test`;
  const first = `Deals ${uniqueTag()}`;
  const second = `More deals ${uniqueTag()}`;
  deliverMessage(newsletter(first, sender), "dave@example.test");
  await signIn(page, "dave@example.test", "dave-secret");
  const list = page.getByTestId("message-list");
  const frame = page.locator('iframe[title="message-body"]');

  await list.getByRole("link", { name: new RegExp(first) }).click();
  await expect(page.getByText("Remote images are hidden")).toBeVisible();
  await expect(frame).not.toHaveAttribute("src", /images=1/);
  await expect(page.frameLocator('iframe[title="message-body"]').locator("img")).not.toHaveAttribute("src", BANNER);

  await page.getByRole("button", { name: `Always show images from ${sender}` }).click();
  await expect(frame).toHaveAttribute("src", /images=1/);
  await expect(page.frameLocator('iframe[title="message-body"]').locator("img")).toHaveAttribute("src", BANNER);

  deliverMessage(newsletter(second, sender), "dave@example.test");
  await page.goto("/mail/INBOX");
  await list.getByRole("link", { name: new RegExp(second) }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(second);
  await expect(page.getByText("Remote images are hidden")).toHaveCount(0);
  await expect(frame).toHaveAttribute("src", /images=1/);
});
