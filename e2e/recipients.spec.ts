// Recipient fields in real Chromium: one chip per address, suggestions from
// the user's own mail (ranked by use), invalid chips with their reason, a
// pasted list, Backspace, and the field kept in the autosaved draft.
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers/auth";
import { newUser as newMailUser } from "./helpers/users";
import { deliverMessage, rawMessage, uniqueTag } from "./helpers/mail";

const newUser = (label: string) => newMailUser("rcpt", label);

const toField = (page: Page) => page.getByTestId("recipients-to");
const chips = (page: Page) => toField(page).getByTestId("recipient-chip");
const chipLabels = (page: Page) => chips(page).evaluateAll((els) => els.map((el) => el.querySelector("button")?.textContent ?? ""));

/** Pastes text into the focused element the way a browser does (a paste event with clipboard data). */
async function paste(page: Page, text: string) {
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData("text/plain", t);
    document.activeElement!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

test("chips, suggestions ranked by use, reasons for invalid addresses, paste and Backspace, kept in the draft", async ({ page }) => {
  const me = newUser("me");
  const tag = uniqueTag();
  for (let i = 0; i < 2; i++) {
    deliverMessage(rawMessage({ from: "Kim Minsu <kim.minsu@corp.example>", to: me.email, subject: `From Minsu ${i} ${tag}`, body: "Hi" }), me.email);
  }
  deliverMessage(rawMessage({ from: "Kimberly Park <kimberly@park.example>", to: me.email, subject: `From Kimberly ${tag}`, body: "Hi" }), me.email);
  await signIn(page, me.email, me.password);
  // The inbox is cached on the first visit: that is where suggestions come from.
  await expect(page.getByTestId("message-list").getByRole("link", { name: new RegExp(`From Kimberly ${tag}`) })).toBeVisible();

  await page.goto("/compose");
  const input = page.getByRole("combobox", { name: "To", exact: true });
  await input.click();
  await input.pressSequentially("kim");
  const list = page.getByRole("listbox", { name: "Suggested addresses" });
  await expect(list.getByRole("option")).toHaveText(["Kim Minsu kim.minsu@corp.example", "Kimberly Park kimberly@park.example"]);
  await expect(list.getByRole("option").first()).toHaveAttribute("aria-selected", "true");
  await input.press("ArrowDown");
  await expect(list.getByRole("option").nth(1)).toHaveAttribute("aria-selected", "true");
  await input.press("Enter");
  await expect(list).toHaveCount(0);
  await expect(input).toHaveValue("");
  expect(await chipLabels(page)).toEqual(["Kimberly Park"]);

  // A comma finishes an address; an invalid one is marked with its reason.
  await input.pressSequentially("bad@,");
  await expect(chips(page).nth(1)).toHaveAttribute("data-invalid", "true");
  await expect(page.getByTestId("recipients-to-problems")).toHaveText("“bad@”: The domain after the “@” is missing.");

  // International addresses are fine; a comma inside a quoted name does not split it.
  await input.pressSequentially("홍길동@도메인.한국");
  await input.press("Enter");
  await input.pressSequentially('"Lee, Ann" <ann@y.com>,');
  expect(await chipLabels(page)).toEqual(["Kimberly Park", "bad@", "홍길동@도메인.한국", "Lee, Ann"]);

  // A pasted list becomes one chip per address.
  await input.focus();
  await paste(page, "a@x.kr; b@y.kr\nuser@münchen.de");
  expect(await chipLabels(page)).toEqual(["Kimberly Park", "bad@", "홍길동@도메인.한국", "Lee, Ann", "a@x.kr", "b@y.kr", "user@münchen.de"]);
  // Backspace in the empty input removes the last chip; the × removes any.
  await input.press("Backspace");
  await toField(page).getByRole("button", { name: "Remove b@y.kr" }).click();
  expect(await chipLabels(page)).toEqual(["Kimberly Park", "bad@", "홍길동@도메인.한국", "Lee, Ann", "a@x.kr"]);
  await expect(chips(page).filter({ hasText: "bad@" })).toHaveAttribute("data-invalid", "true");
  await expect(chips(page).and(page.locator('[data-invalid="true"]'))).toHaveCount(1);

  // The field is saved with the draft, exactly as typed, invalid entry included.
  // The form saves every 3 s; "saved" may still describe the save before the last edits.
  await page.waitForTimeout(3500);
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-kind", "saved", { timeout: 15_000 });
  await expect(page).toHaveURL(/\/compose\?draft=[0-9a-f-]{36}$/);
  await page.reload();
  expect(await chipLabels(page)).toEqual(["Kimberly Park", "bad@", "홍길동@도메인.한국", "Lee, Ann", "a@x.kr"]);
  await expect(page.getByTestId("recipients-to-problems")).toHaveText("“bad@”: The domain after the “@” is missing.");

  // Clicking a chip puts it back in the input to be corrected.
  await chips(page).filter({ hasText: "bad@" }).getByRole("button").first().click();
  await expect(input).toHaveValue("bad@");
  await input.press("End");
  await input.pressSequentially("example.kr");
  await input.press("Enter");
  expect(await chipLabels(page)).toEqual(["Kimberly Park", "홍길동@도메인.한국", "Lee, Ann", "a@x.kr", "bad@example.kr"]);
  await expect(page.getByTestId("recipients-to-problems")).toHaveCount(0);
});

test("sending with no recipient or a bad address says so under To in the reader's language, each problem once", async ({ page }) => {
  const me = newUser("ko-send");
  await signIn(page, me.email, me.password);
  await page.getByRole("button", { name: "한국어" }).click();
  await expect(page.getByRole("link", { name: "설정" })).toBeVisible();
  await page.goto("/compose");
  await page.getByLabel("제목").fill(`받는 사람 없음 ${uniqueTag()}`);
  const send = page.getByRole("button", { name: "보내기", exact: true });
  await send.click();
  await expect(page.getByTestId("compose-notice")).toHaveText("받는 사람을 한 명 이상 넣으세요.");
  await expect(page.getByTestId("recipients-to-problems")).toHaveText("받는 사람을 한 명 이상 넣으세요.");

  // The field names a bad address with its reason itself; the server's refusal adds no second, English line.
  const input = page.getByRole("combobox", { name: "받는 사람", exact: true });
  await input.pressSequentially("bad@,");
  await send.click();
  await expect(page.getByTestId("compose-notice")).toHaveText("고쳐야 할 주소가 있습니다.");
  await expect(page.getByTestId("recipients-to-problems").getByRole("listitem")).toHaveText(["“bad@”: “@” 뒤의 도메인이 비어 있습니다."]);
});
