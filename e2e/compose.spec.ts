// Writing mail that is never lost: autosave, undo send, a refused recipient,
// a down SMTP server, and a server restart, against the real Postfix/Dovecot.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers/auth";
import { MAIL_STACK, ROOT, SERVER_ENV } from "./helpers/e2e-env";
import { addRecipient, writeMessage } from "./helpers/compose";
import { countWithSubject, uniqueTag } from "./helpers/mail";

const alice = { email: "alice@example.test", password: "alice-secret" };
const bob = { email: "bob@example.test", password: "bob-secret" };

const progress = (page: Page) => page.getByTestId("send-progress");

test("undo send brings the message back to the editor and nothing is delivered", async ({ page }) => {
  const subject = `Undo me ${uniqueTag()}`;
  await signIn(page, alice.email, alice.password);
  await writeMessage(page, { to: bob.email, subject, body: "Second thoughts, 다시 생각해 보니." });
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(progress(page)).toContainText(/Sending in \d+ s/);
  await page.getByRole("button", { name: "Undo" }).click();

  await expect(page.getByTestId("compose-notice")).toContainText("Sending undone");
  await expect(page.getByLabel("Subject")).toHaveValue(subject);
  await expect(page.getByRole("textbox", { name: "Message" })).toContainText("Second thoughts, 다시 생각해 보니.");
  // Past the 10 s the send would have taken: still nothing at bob's.
  await page.waitForTimeout(12_000);
  expect(await countWithSubject(bob, "INBOX", subject)).toBe(0);
});

test("a recipient refused with 5xx: the server's reply is shown and the draft is intact, even after a reload", async ({ page }) => {
  const subject = `Refused at RCPT ${uniqueTag()}`;
  await signIn(page, alice.email, alice.password);
  await writeMessage(page, { to: "someone@outside.invalid", subject, body: "Kept after the error." });
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(progress(page)).toBeVisible();
  await expect(page.getByTestId("compose-notice")).toContainText(/554 5\.7\.1 .*Relay access denied/, { timeout: 30_000 });
  await expect(page.getByLabel("Subject")).toHaveValue(subject);
  await expect(page.getByRole("textbox", { name: "Message" })).toContainText("Kept after the error.");

  await expect(page).toHaveURL(/\/compose\?draft=[0-9a-f-]{36}/);
  await page.reload();
  await expect(page.getByLabel("Subject")).toHaveValue(subject);
  await expect(page.getByRole("textbox", { name: "Message" })).toContainText("Kept after the error.");
  await expect(page.getByTestId("compose-notice")).toContainText(/554 5\.7\.1/);
});

test("SMTP server down: 'will retry', then delivered exactly once when it is back", async ({ page }) => {
  const subject = `Postfix was down ${uniqueTag()}`;
  await signIn(page, alice.email, alice.password);
  await writeMessage(page, { to: bob.email, subject, body: "This goes out once." });
  execFileSync("bash", [MAIL_STACK, "stop-smtp"], { stdio: "ignore", timeout: 60_000 });
  try {
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect(progress(page)).toHaveAttribute("data-state", "retrying", { timeout: 30_000 });
    await expect(progress(page)).toContainText("will retry");
    await expect(progress(page)).toContainText("Could not reach the SMTP server");
  } finally {
    execFileSync("bash", [MAIL_STACK, "start-smtp"], { stdio: "ignore", timeout: 120_000 });
  }
  await expect(progress(page)).toHaveAttribute("data-state", "sent", { timeout: 60_000 });
  await expect.poll(() => countWithSubject(bob, "INBOX", subject), { timeout: 15_000 }).toBe(1);
  await page.waitForTimeout(3000);
  expect(await countWithSubject(bob, "INBOX", subject)).toBe(1);
  expect(await countWithSubject(alice, "Sent", subject)).toBe(1);
});

/** A second app server on the same build and database, which the test can kill and start again. */
function startServer(port: number): Promise<ChildProcess> {
  const child = spawn("npm", ["start", "--", "-p", String(port)], {
    cwd: ROOT,
    env: { ...process.env, ...SERVER_ENV, NEXTAUTH_URL: `http://localhost:${port}`, MAEIL_WORKER: "off" },
    stdio: "ignore",
    detached: true,
  });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    const poll = async () => {
      try {
        const response = await fetch(`http://localhost:${port}/login`);
        if (response.ok) return resolve(child);
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) return reject(new Error(`the second server did not start on ${port}`));
      setTimeout(poll, 250);
    };
    void poll();
  });
}

/** Kills the server and everything it started, as a crash would. */
function crash(child: ChildProcess) {
  if (child.pid) process.kill(-child.pid, "SIGKILL");
}

test("an autosave the server refuses names the field and what is wrong with it, in the reader's language", async ({ page }) => {
  await signIn(page, alice.email, alice.password);
  await writeMessage(page, { to: bob.email, subject: `Refused autosave ${uniqueTag()}`, body: "Still here." });
  await expect(page).toHaveURL(/\/compose\?draft=/, { timeout: 15_000 });
  const draftId = new URL(page.url()).searchParams.get("draft");
  // The form never sends a subject over RFC 5322's 998 characters (the input stops there): a client that does is answered per field.
  const save = (language: string) =>
    page.request.put(`/api/drafts/${draftId}`, { data: { subject: "x".repeat(999), bodyText: "Still here." }, headers: { "accept-language": language } });
  const english = await save("en");
  expect(english.status()).toBe(422);
  expect(await english.json()).toMatchObject({ error: "Subject: at most 998 characters.", fields: { subject: ["Subject: at most 998 characters."] } });
  const korean = await save("ko-KR,ko;q=0.9");
  expect(await korean.json()).toMatchObject({ error: "제목: 998자까지 쓸 수 있습니다." });
  // Nothing of the draft was lost to the refused save.
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Message" })).toContainText("Still here.");
});

test("a draft survives a server restart", async ({ page }) => {
  const port = Number(process.env.MAEIL_E2E_PORT ?? 3100) + 50;
  const subject = `Survives a restart ${uniqueTag()}`;
  let server = await startServer(port);
  try {
    await page.goto(`http://localhost:${port}/login`);
    await page.locator('form[data-ready="true"]').waitFor();
    await page.getByLabel("Email address").fill(alice.email);
    await page.getByLabel("Password", { exact: true }).fill(alice.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).not.toHaveURL(/\/login(\?|$)/, { timeout: 30_000 });

    await page.goto(`http://localhost:${port}/compose`);
    await addRecipient(page, "To", bob.email);
    await page.getByLabel("Subject").fill(subject);
    await page.getByRole("textbox", { name: "Message" }).click();
    await page.keyboard.type("Written just before the crash.");
    // One autosave tick (3 s) after the last keystroke, it is in PostgreSQL.
    await page.waitForTimeout(4000);
    await expect(page.getByTestId("save-state")).toHaveAttribute("data-kind", "saved", { timeout: 15_000 });
    await expect(page).toHaveURL(/\/compose\?draft=/);
    const url = page.url();

    crash(server);
    server = await startServer(port);
    await page.goto(url);
    await expect(page.getByLabel("Subject")).toHaveValue(subject);
    await expect(page.getByRole("textbox", { name: "Message" })).toContainText("Written just before the crash.");
    await expect(page.getByText(bob.email)).toBeVisible();
  } finally {
    crash(server);
  }
});
