// Settings in real Chromium against the real Dovecot and Postfix: editing an
// identity (checked field by field, then used as From with its signature),
// and the undo-send delay (longer, and 0 = sent at once).
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers/auth";
import { writeMessage } from "./helpers/compose";
import { newUser as newMailUser } from "./helpers/users";
import { countWithSubject, uniqueTag } from "./helpers/mail";

const newUser = (label: string) => newMailUser("set", label);

async function openSettings(page: Page) {
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
}

async function setUndoDelay(page: Page, seconds: string) {
  const form = page.getByTestId("undo-send-form");
  await form.getByLabel("Cancellation period").fill(seconds);
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("undo-send-result")).toHaveText("Saved.");
}

test("an identity is edited (each bad field named), kept after a reload, and used as From with its signature", async ({ page }) => {
  const me = newUser("ident");
  await signIn(page, me.email, me.password);
  await openSettings(page);

  const identity = page.getByTestId("identity").filter({ hasText: me.email });
  await expect(identity).toHaveCount(1);
  await expect(identity.getByTestId("identity-default")).toHaveText("Default");
  await identity.getByRole("button", { name: `Edit: ${me.email}` }).click();

  const form = page.getByTestId("identity-form");
  await form.getByLabel("Display name").fill("홍길동 Hong");
  await form.getByLabel("Email address").fill("kim@gmail");
  await form.getByLabel("Reply-to").fill("Team <team@example.test>, bad@");
  await form.getByLabel("Signature").fill("홍길동 드림\nSales <sales> & co");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByTestId("identity-error-email")).toHaveText("The domain “gmail” is incomplete: it needs a dot, like example.com.");
  await expect(form.getByTestId("identity-error-replyTo")).toHaveText("“bad@”: The domain after the “@” is missing.");

  await form.getByLabel("Email address").fill(me.email);
  await form.getByLabel("Reply-to").fill("Team <team@example.test>");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form).toHaveCount(0);
  await expect(page.getByTestId("identity-notice")).toHaveText("Saved.");

  await page.reload();
  const saved = page.getByTestId("identity").filter({ hasText: me.email });
  await expect(saved.getByTestId("identity-from")).toHaveText(`홍길동 Hong <${me.email}>`);
  await expect(saved.getByTestId("identity-reply-to")).toHaveText("Team <team@example.test>");
  await expect(saved.getByTestId("identity-signature")).toHaveText("홍길동 드림\nSales <sales> & co");

  // A second identity with an international address, made the default, then deleted again.
  await page.getByRole("button", { name: "Add an identity" }).click();
  const add = page.getByTestId("identity-form");
  await add.getByLabel("Display name").fill("München");
  await add.getByLabel("Email address").fill("user@münchen.de");
  await add.getByRole("button", { name: "Save" }).click();
  const second = page.getByTestId("identity").filter({ hasText: "user@münchen.de" });
  await expect(second.getByTestId("identity-from")).toHaveText("München <user@münchen.de>");
  await second.getByRole("button", { name: "Make default: user@münchen.de" }).click();
  await expect(second.getByTestId("identity-default")).toBeVisible();
  await expect(saved.getByTestId("identity-default")).toHaveCount(0);

  // The compose form offers both, the default selected, with its (empty) signature.
  await page.goto("/compose");
  const from = page.getByTestId("identity-picker");
  await expect(from.locator("option:checked")).toHaveText("München <user@münchen.de> (default)");
  await expect(from.locator("option")).toHaveText(["München <user@münchen.de> (default)", `홍길동 Hong <${me.email}>`]);

  await page.goto("/settings");
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByTestId("identity").filter({ hasText: "user@münchen.de" }).getByRole("button", { name: "Delete: user@münchen.de" }).click();
  await expect(page.getByTestId("identity").filter({ hasText: "user@münchen.de" })).toHaveCount(0);
  await expect(page.getByTestId("identity").filter({ hasText: me.email }).getByTestId("identity-default")).toBeVisible();

  // Back to one identity: it is the From, and its signature starts the message.
  await page.goto("/compose");
  await expect(page.getByTestId("identity-picker")).toHaveText(`홍길동 Hong <${me.email}>`);
  await expect(page.getByRole("textbox", { name: "Message" })).toContainText("홍길동 드림");
  await expect(page.getByRole("textbox", { name: "Message" })).toContainText("Sales <sales> & co");
});

test("a field the server refuses is named and explained in the reader's language, and what was typed stays", async ({ page }) => {
  const me = newUser("ko");
  await signIn(page, me.email, me.password);
  await page.getByRole("button", { name: "한국어" }).click();
  await page.getByRole("link", { name: "설정" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "설정" })).toBeVisible();
  await page.getByTestId("identity").filter({ hasText: me.email }).getByRole("button", { name: `편집: ${me.email}` }).click();

  // The browser checks addresses itself; the length of a name only the server does.
  const form = page.getByTestId("identity-form");
  const long = "가".repeat(201);
  await form.getByLabel("표시 이름").fill(long);
  await form.getByRole("button", { name: "저장" }).click();
  await expect(form.getByTestId("identity-error-name")).toHaveText("표시 이름: 200자까지 쓸 수 있습니다.");
  await expect(form.getByTestId("identity-form-error")).toHaveText("표시 이름: 200자까지 쓸 수 있습니다.");
  await expect(form.getByLabel("표시 이름")).toHaveValue(long);
});

test("the undo-send delay: a longer window is used when sending, and 0 sends at once", async ({ page }) => {
  const me = newUser("undo");
  const to = newUser("undo-to");
  await signIn(page, me.email, me.password);
  await openSettings(page);
  const field = page.getByTestId("undo-send-form").getByLabel("Cancellation period");
  await expect(field).toHaveValue("10");

  // Out of range: not accepted by the form.
  await field.fill("61");
  await expect(page.getByTestId("undo-send-form").getByRole("button", { name: "Save" })).toBeDisabled();

  await setUndoDelay(page, "45");
  await expect(page.getByTestId("undo-send-preview")).toHaveText("45 seconds");
  await page.reload();
  await expect(page.getByTestId("undo-send-form").getByLabel("Cancellation period")).toHaveValue("45");

  const waiting = `Waits 45 s ${uniqueTag()}`;
  await writeMessage(page, { to: to.email, subject: waiting, body: "Hello from the settings test." });
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const progress = page.getByTestId("send-progress");
  await expect(progress).toContainText(/Sending in \d+ s/);
  // Well beyond the default 10 s: the account's own delay was used.
  const left = Number(/Sending in (\d+) s/.exec((await progress.textContent()) ?? "")?.[1]);
  expect(left).toBeGreaterThan(30);
  expect(left).toBeLessThanOrEqual(45);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByTestId("compose-notice")).toContainText("Sending undone");

  await page.goto("/settings");
  await setUndoDelay(page, "0");
  await expect(page.getByTestId("undo-send-preview")).toHaveText("Off: send at once");

  const now = `Sent at once ${uniqueTag()}`;
  await writeMessage(page, { to: to.email, subject: now, body: "Hello from the settings test." });
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByTestId("send-progress")).toHaveAttribute("data-state", "sent", { timeout: 20_000 });
  await expect.poll(() => countWithSubject(to, "INBOX", now), { timeout: 15_000 }).toBe(1);
  expect(await countWithSubject(to, "INBOX", waiting)).toBe(0);
});
