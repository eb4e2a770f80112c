// The foundation's user journeys in real Chromium against the real Dovecot and Postfix.
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers/auth";
import { deliverMessage, rawMessage, uniqueTag } from "./helpers/mail";

const alice = { email: "alice@example.test", password: "alice-secret" };
const bob = { email: "bob@example.test", password: "bob-secret" };

const messageList = (page: Page) => page.getByTestId("message-list");

test("a wrong password says so and stays on the sign-in page", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(alice.email);
  await page.getByLabel("Password", { exact: true }).fill("not-her-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong address or password." })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  // What was typed stays, so fixing a typo is one edit.
  await expect(page.getByLabel("Email address")).toHaveValue(alice.email);
});

test("alice sees her inbox and reads the EUC-KR Korean message", async ({ page }) => {
  await signIn(page, alice.email, alice.password);
  await expect(page).toHaveURL(/\/mail\/INBOX$/);
  await expect(page.getByRole("navigation", { name: "Folders" }).getByRole("link", { name: /Inbox/ })).toBeVisible();
  // The seed puts 36 messages in alice's Inbox (other tests may add replies).
  await expect.poll(() => messageList(page).getByRole("link").count()).toBeGreaterThanOrEqual(36);
  await expect(page.getByTestId("page-range")).toHaveText(/^1–\d+ of \d+$/);

  await messageList(page).getByRole("link", { name: /회의 일정 안내/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("회의 일정 안내");
  await expect(page.getByTestId("message-text")).toContainText("다음 주 화요일 오후 3시에 회의실에서 만나요.");

  // Opening marked it read: back in the list its row is no longer unread.
  await page.getByRole("link", { name: /Back to Inbox/ }).click();
  await expect(messageList(page).getByRole("link", { name: /회의 일정 안내/ })).toHaveAttribute("data-unread", "false");
});

test("the Japanese message and attachments decode", async ({ page }) => {
  await signIn(page, alice.email, alice.password);
  await messageList(page).getByRole("link", { name: /会議のお知らせ/ }).click();
  await expect(page.getByTestId("message-text")).toContainText("来週の火曜日に会いましょう。");

  await page.goto("/mail/INBOX");
  await messageList(page).getByRole("link", { name: /회의록 첨부합니다/ }).click();
  const attachments = page.getByRole("region", { name: /attachments/ });
  await expect(attachments.getByRole("link", { name: /회의록\.txt/ })).toBeVisible();
  const download = page.waitForEvent("download");
  await attachments.getByRole("link", { name: /회의록\.txt/ }).click();
  expect((await download).suggestedFilename()).toBe("회의록.txt");

  // An image attachment gets a preview, loaded from our own origin.
  await page.goto("/mail/INBOX");
  await messageList(page).getByRole("link", { name: /Screenshot of the new login page/ }).click();
  const preview = page.getByRole("img", { name: "login-screenshot.png" });
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(16);
});

test("an HTML message with a script runs nothing and loads nothing remote", async ({ page, baseURL }) => {
  const dialogs: string[] = [];
  const foreign: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (!["http:", "https:"].includes(url.protocol)) return;
    if (url.origin !== new URL(baseURL!).origin) foreign.push(request.url());
  });
  await signIn(page, alice.email, alice.password);
  await messageList(page).getByRole("link", { name: /Hostile HTML test/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hostile HTML test");

  const frame = page.frameLocator('iframe[title="message-body"]');
  await expect(frame.locator("body")).toContainText("Hello Alice");
  await expect(frame.locator("script")).toHaveCount(0);
  await expect(frame.locator("[onerror], [onload], [onclick]")).toHaveCount(0);
  await expect(frame.locator('a[href^="javascript:" i]')).toHaveCount(0);
  await expect(page.getByText("Remote images are hidden")).toBeVisible();
  await page.waitForTimeout(1000);
  expect(dialogs).toEqual([]);
  expect(foreign).toEqual([]);

  // The app is still in charge: navigation works and we never left its origin.
  await page.getByRole("link", { name: /Back to Inbox/ }).click();
  await expect(messageList(page)).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
});

test("alice writes to bob and signs out; bob signs in and finds it", async ({ page }) => {
  const subject = `Lunch on Friday ${uniqueTag()}`;
  await signIn(page, alice.email, alice.password);
  await page.getByRole("link", { name: "Compose", exact: true }).click();
  const to = page.getByLabel("To", { exact: true });
  await to.fill("bob@example.test, not an address@");
  await to.press("Enter");
  await page.getByLabel("Subject").fill(subject);
  const body = page.getByRole("textbox", { name: "Message" });
  await body.click();
  await page.keyboard.type("금요일에 점심 같이 먹어요?");
  await page.keyboard.press("Enter");
  await page.keyboard.type("Alice");

  // The bad address is named as soon as it is a chip, and sending is refused with nothing lost.
  await expect(page.getByTestId("recipient-chip").filter({ hasText: "not an address@" })).toHaveAttribute("data-invalid", "true");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByTestId("recipients-to-problems")).toContainText("not an address@");
  await expect(page.getByLabel("Subject")).toHaveValue(subject);
  await expect(body).toContainText("금요일에 점심 같이 먹어요?");

  await page.getByRole("button", { name: "Remove not an address@" }).click();
  await page.getByRole("button", { name: "Send", exact: true }).click();
  // The undo window (10 s by default) passes, then it goes.
  await expect(page.getByTestId("send-progress")).toContainText("Message sent.", { timeout: 30_000 });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  // The session is over on the server too: the mailbox sends us back to sign-in.
  await page.goto("/mail/INBOX");
  await expect(page).toHaveURL(/\/login/);

  await signIn(page, bob.email, bob.password);
  await expect(messageList(page).getByRole("link", { name: new RegExp(subject) })).toBeVisible();
  await messageList(page).getByRole("link", { name: new RegExp(subject) }).click();
  // Written in the rich-text editor: it arrives as HTML (with a text alternative).
  await expect(page.frameLocator('iframe[title="message-body"]').locator("body")).toContainText("금요일에 점심 같이 먹어요?");

  // Bob replies: addressed to alice, one "Re:", her words quoted under his.
  await page.getByRole("link", { name: "Reply", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Reply");
  await expect(page.getByTestId("recipients-to").getByTestId("recipient-chip")).toHaveText([/alice@example\.test/]);
  await expect(page.getByLabel("Subject")).toHaveValue(`Re: ${subject}`);
  const reply = page.getByRole("textbox", { name: "Message" });
  await expect(reply.locator("blockquote")).toContainText("금요일에 점심 같이 먹어요?");
  await reply.click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.type("좋아요!");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByTestId("send-progress")).toContainText("Message sent.", { timeout: 30_000 });
});

test("mark unread and delete to Trash", async ({ page }) => {
  const subject = `Read me, then bin me ${uniqueTag()}`;
  deliverMessage(rawMessage({ from: "Carol Choi <carol@example.test>", to: "dave@example.test", subject, body: "Short-lived." }), "dave@example.test");
  await signIn(page, "dave@example.test", "dave-secret");
  const row = () => messageList(page).getByRole("link", { name: new RegExp(subject) });
  await expect(row()).toHaveAttribute("data-unread", "true");
  await row().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(subject);
  await page.getByRole("link", { name: /Back to Inbox/ }).click();
  await expect(row()).toHaveAttribute("data-unread", "false");

  await row().click();
  await page.getByRole("button", { name: "Mark as unread" }).click();
  await expect(page).toHaveURL(/\/mail\/INBOX$/);
  await expect(row()).toHaveAttribute("data-unread", "true");

  await row().click();
  await page.getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(/\/mail\/INBOX$/);
  await expect(row()).toHaveCount(0);
  await page.getByRole("navigation", { name: "Folders" }).getByRole("link", { name: /Trash/ }).click();
  await expect(row()).toHaveCount(1);
});

test("star and archive", async ({ page }) => {
  const subject = `Keep this one ${uniqueTag()}`;
  deliverMessage(rawMessage({ from: "Bob Lee <bob@example.test>", to: "dave@example.test", subject, body: "For the record." }), "dave@example.test");
  await signIn(page, "dave@example.test", "dave-secret");
  const row = () => messageList(page).getByRole("link", { name: new RegExp(subject) });
  await row().click();
  await page.getByRole("button", { name: "Star" }).click();
  await expect(page.getByRole("button", { name: "Unstar" })).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("link", { name: /Back to Inbox/ }).click();
  await expect(row().getByRole("img", { name: "Flagged" })).toBeVisible();

  await row().click();
  await page.getByRole("button", { name: "Archive" }).click();
  await expect(page).toHaveURL(/\/mail\/INBOX$/);
  await expect(row()).toHaveCount(0);
  await page.getByRole("navigation", { name: "Folders" }).getByRole("link", { name: /Archive/ }).click();
  await expect(row()).toHaveCount(1);
});

test("the interface switches to Korean", async ({ page }) => {
  await signIn(page, alice.email, alice.password);
  await page.getByRole("button", { name: "한국어" }).click();
  await expect(page.getByRole("navigation", { name: "메일함" }).getByRole("link", { name: /받은메일함/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "로그아웃" })).toBeVisible();
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
});

test.describe("in a Korean browser", () => {
  test.use({ locale: "ko-KR" });

  test("sign-in errors from the server side are in Korean too, with what the server is", async ({ page }) => {
    const alert = page.locator("form").getByRole("alert");
    await page.goto("/login");
    await page.getByLabel("이메일 주소").fill(alice.email);
    await page.getByLabel("비밀번호", { exact: true }).fill("not-her-password");
    await page.getByRole("button", { name: "로그인" }).click();
    await expect(alert).toHaveText("주소 또는 비밀번호가 맞지 않습니다.");

    // A server that does not answer: named, with the reason, in the reader's language.
    await page.getByText("서버 설정").click();
    await page.getByLabel("받는 메일 (IMAP) 서버").fill("127.0.0.1");
    await page.getByLabel("받는 메일 (IMAP) 포트").fill("1");
    await page.getByLabel("받는 메일 (IMAP) 보안").selectOption("none");
    await page.getByRole("button", { name: "로그인" }).click();
    await expect(alert).toHaveText("IMAP 서버 127.0.0.1:1에 연결할 수 없습니다 (ECONNREFUSED).");
    await expect(page).toHaveURL(/\/login/);

    // A field the server refuses is named as the form labels it.
    await page.getByLabel("받는 메일 (IMAP) 포트").fill("99999");
    await page.getByRole("button", { name: "로그인" }).click();
    await expect(alert).toHaveText("받는 메일 (IMAP) 포트: 1부터 65535 사이의 정수를 입력하세요.");
  });
});

test("a server field the server refuses is named as the form labels it", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(alice.email);
  await page.getByLabel("Password", { exact: true }).fill(alice.password);
  await page.getByText("Server settings").click();
  await page.getByLabel("Outgoing mail (SMTP) Server").fill("smtp example test");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Outgoing mail (SMTP) Server: enter a host name or an IP address.");
  await expect(page).toHaveURL(/\/login/);
});
