// The outbox screen and the delivery transcript in real Chromium against the real Postfix and
// Dovecot: a waiting message counts down and can be undone from the outbox, a sent one shows the
// SMTP dialogue (also from its copy in Sent), and a refused one shows the server's reply.
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers/auth";
import { writeMessage } from "./helpers/compose";
import { newUser as newMailUser } from "./helpers/users";
import { countWithSubject, uniqueTag } from "./helpers/mail";

const newUser = (label: string) => newMailUser("ob", label);

async function send(page: Page, message: { to: string; subject: string; body: string }) {
  await writeMessage(page, message);
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByTestId("send-progress")).toBeVisible();
}

const item = (page: Page, subject: string) => page.getByTestId("outbox-item").filter({ hasText: subject });

test("a waiting message counts down in the outbox, the sidebar counts it, and Undo opens it in the editor", async ({ page }) => {
  const me = newUser("undo");
  const to = newUser("undo-to");
  const subject = `Outbox undo ${uniqueTag()}`;
  await signIn(page, me.email, me.password);
  await send(page, { to: to.email, subject, body: "Wait for it." });

  await page.getByRole("navigation", { name: "Folders" }).getByRole("link", { name: /Outbox/ }).click();
  await expect(page).toHaveURL(/\/outbox$/);
  await expect(page.getByTestId("outbox-count")).toHaveText("1");
  await expect(item(page, subject)).toHaveAttribute("data-state", "queued");
  await expect(item(page, subject)).toContainText(`To: ${to.email}`);
  const state = item(page, subject).getByTestId("outbox-state");
  await expect(state).toHaveText(/^Sending in \d+ seconds?$/);
  // It counts down by itself.
  const first = Number(/\d+/.exec((await state.textContent()) ?? "")?.[0]);
  await expect.poll(async () => Number(/\d+/.exec((await state.textContent()) ?? "")?.[0] ?? 0)).toBeLessThan(first);

  await item(page, subject).getByRole("button", { name: "Undo" }).click();
  await expect(page).toHaveURL(/\/compose\?draft=[0-9a-f-]{36}$/);
  await expect(page.getByLabel("Subject")).toHaveValue(subject);
  await expect(page.getByRole("textbox", { name: "Message" })).toContainText("Wait for it.");

  await page.goto("/outbox");
  await expect(item(page, subject)).toHaveAttribute("data-state", "cancelled");
  await expect(page.getByTestId("outbox-count")).toHaveCount(0);
  await page.waitForTimeout(12_000);
  expect(await countWithSubject(to, "INBOX", subject)).toBe(0);
});

test("a sent message shows its SMTP transcript in the outbox and as Delivery details on its Sent copy", async ({ page }) => {
  const me = newUser("sent");
  const to = newUser("sent-to");
  const subject = `Outbox transcript ${uniqueTag()}`;
  await signIn(page, me.email, me.password);
  await send(page, { to: to.email, subject, body: "Tell me what the server said." });

  await page.goto("/outbox");
  // The page refreshes itself: past the undo delay it says "Sent".
  await expect(item(page, subject)).toHaveAttribute("data-state", "sent", { timeout: 40_000 });
  await expect(item(page, subject).getByTestId("outbox-state")).toHaveText(/^Sent /);
  await expect.poll(() => countWithSubject(to, "INBOX", subject), { timeout: 15_000 }).toBe(1);

  await item(page, subject).getByText("Delivery details").click();
  const table = item(page, subject).getByTestId("delivery-transcript");
  await expect(table.locator('tr[data-step="greeting"]')).toContainText(/^.*Greeting.*220 /);
  await expect(table.locator('tr[data-step="mail"]')).toContainText(`MAIL FROM:<${me.email}>`);
  await expect(table.locator('tr[data-step="mail"]')).toContainText("250");
  await expect(table.locator('tr[data-step="rcpt"]')).toContainText(`RCPT TO:<${to.email}>`);
  await expect(table.locator('tr[data-step="data"]')).toContainText("354");
  await expect(table.locator('tr[data-step="message"]')).toContainText(/250 .*queued as (\w+)/);
  const reply = (await table.locator('tr[data-step="message"]').textContent()) ?? "";
  const queueId = /queued as (\w+)/.exec(reply)?.[1];
  expect(queueId).toBeTruthy();
  await expect(item(page, subject).getByTestId("delivery-queue-id")).toHaveText(queueId!);

  // The same details from the copy in Sent, found by its Message-ID.
  await page.getByRole("navigation", { name: "Folders" }).getByRole("link", { name: /Sent/ }).click();
  await page.getByTestId("message-list").getByRole("link", { name: new RegExp(subject) }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(subject);
  const details = page.getByTestId("delivery-details");
  await details.getByText("Delivery details").click();
  await expect(details.getByTestId("delivery-queue-id")).toHaveText(queueId!);
  await expect(details.locator('tr[data-step="rcpt"]')).toContainText(`RCPT TO:<${to.email}>`);
  // No read-receipt question on one's own sent mail.
  await expect(page.getByTestId("read-receipt-prompt")).toHaveCount(0);
});

test("a recipient refused with 5xx shows the server's code and text per recipient, and the draft can be opened", async ({ page }) => {
  const me = newUser("refused");
  const subject = `Outbox refused ${uniqueTag()}`;
  await signIn(page, me.email, me.password);
  await send(page, { to: "nobody@outside.invalid", subject, body: "This cannot leave." });

  await page.goto("/outbox");
  await expect(item(page, subject)).toHaveAttribute("data-state", "failed", { timeout: 40_000 });
  await expect(item(page, subject).getByTestId("outbox-state")).toHaveText("Not sent");
  await expect(item(page, subject).getByTestId("outbox-error")).toContainText(/554 5\.7\.1/);
  await expect(item(page, subject)).toContainText("The message is back in your drafts.");
  await item(page, subject).getByText("Delivery details").click();
  await expect(item(page, subject).getByTestId("delivery-rejected")).toContainText(/nobody@outside\.invalid: 554 5\.7\.1 .*Relay access denied/);
  await expect(item(page, subject).locator('tr[data-step="rcpt"]')).toContainText("554");

  await item(page, subject).getByRole("link", { name: "Open draft" }).click();
  await expect(page).toHaveURL(/\/compose\?draft=[0-9a-f-]{36}$/);
  await expect(page.getByLabel("Subject")).toHaveValue(subject);
  await expect(page.getByRole("textbox", { name: "Message" })).toContainText("This cannot leave.");
});

test("an unreachable SMTP server: 'will retry at …' with the last error, Retry now, and Edit takes it back", async ({ page }) => {
  const me = newUser("retry");
  const subject = `Outbox retry ${uniqueTag()}`;
  // This account submits to a port nothing listens on (the shared Postfix stays up for other tests).
  await page.goto("/login");
  await page.locator('form[data-ready="true"]').waitFor();
  await page.getByLabel("Email address").fill(me.email);
  await page.getByLabel("Password", { exact: true }).fill(me.password);
  await page.getByText("Server settings").click();
  await page.getByLabel("Outgoing mail (SMTP) Port").fill("1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login(\?|$)/, { timeout: 30_000 });
  await send(page, { to: "someone@example.test", subject, body: "Out when the server is back." });

  await page.goto("/outbox");
  await expect(item(page, subject)).toHaveAttribute("data-state", "retrying", { timeout: 40_000 });
  await expect(item(page, subject).getByTestId("outbox-state")).toHaveText(/^Will retry (at .+|any moment now)$/);
  await expect(item(page, subject)).toContainText(/\d+ attempts? so far · Last attempt: Could not reach the SMTP server 127\.0\.0\.1:1 \(E[A-Z]+\)\./);
  await expect(page.getByTestId("outbox-count")).toHaveText("1");
  // The same failure read in Korean: it is stored as a key, not only as the English line.
  await page.getByRole("button", { name: "한국어" }).click();
  await expect(item(page, subject)).toContainText(/마지막 시도: SMTP 서버 127\.0\.0\.1:1에 연결할 수 없습니다 \(E[A-Z]+\)\./);
  await page.getByRole("button", { name: "English" }).click();
  await expect(item(page, subject)).toContainText("Last attempt: Could not reach the SMTP server");

  const attempts = async () => Number(/(\d+) attempts? so far/.exec((await item(page, subject).textContent()) ?? "")?.[1] ?? 0);
  const before = await attempts();
  await item(page, subject).getByRole("button", { name: "Retry now" }).click();
  await expect.poll(attempts, { timeout: 15_000 }).toBeGreaterThan(before);
  await expect(item(page, subject).getByRole("alert")).toHaveCount(0);

  await expect(item(page, subject)).toHaveAttribute("data-state", "retrying");
  await item(page, subject).getByRole("button", { name: "Edit" }).click();
  await expect(page).toHaveURL(/\/compose\?draft=[0-9a-f-]{36}$/);
  await expect(page.getByLabel("Subject")).toHaveValue(subject);
  await expect(page.getByRole("textbox", { name: "Message" })).toContainText("Out when the server is back.");
});
