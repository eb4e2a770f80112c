// No message can hurt the reader: every hostile message (tests/fixtures/hostile/, plus the big
// ones built at run time by tests/fixtures/hostile/big.ts) is delivered to a fresh mailbox and
// opened in real Chromium. Nothing may run (no dialog, no page error, no console error), load from
// another origin, navigate away or make the app unresponsive, and every message must open, with
// its headers, within a few seconds.
import { expect, test, type Page, type Request } from "@playwright/test";
import { signIn } from "./helpers/auth";
import { addMailUser, frameDangers, hostileMessages, type HostileMessage } from "./helpers/hostile";
import { deliverMessage, uniqueTag } from "./helpers/mail";

// Playwright's trace recorder injects its snapshot script into every frame, which Chromium
// refuses in the script-less message frame and reports as a console error ("Blocked script
// execution ... sandboxed"): the very signal this spec watches for. No tracing here.
test.use({ trace: "off" });
test.describe.configure({ mode: "serial" });

const all = hostileMessages();
// Messages that break a whole mailbox (see the last test) get one of their own, so that the
// others are still checked one by one while that is unfixed.
const ISOLATED = ["h37-nul-bytes.eml"];
const messages = all.filter((m) => !ISOLATED.includes(m.name));
const isolated = all.filter((m) => ISOLATED.includes(m.name));

/** Client time from navigation to the message's heading, and the server's part (time to first byte). */
const OPEN_LIMIT_MS = 6_000;
const SERVER_LIMIT_MS = 2_500;

let user: { email: string; password: string };
let isolatedUser: { email: string; password: string };

test.beforeAll(async () => {
  test.setTimeout(120_000);
  user = addMailUser(`hostile-${uniqueTag()}@example.test`, "hostile-secret");
  isolatedUser = addMailUser(`hostile-nul-${uniqueTag()}@example.test`, "hostile-secret");
  // Delivered in this order, a fresh mailbox gives message i the UID i + 1.
  for (const m of messages) deliverMessage(m.raw, user.email);
  for (const m of isolated) deliverMessage(m.raw, isolatedUser.email);
});

type Watch = { current: string; problems: string[]; timings: string[] };

/** Records everything a hostile message could do to the page, attributed to the message on screen. */
function watch(page: Page, appOrigin: string): Watch {
  const state: Watch = { current: "(sign-in)", problems: [], timings: [] };
  const note = (what: string) => state.problems.push(`${state.current}: ${what}`);
  page.context().on("request", (request: Request) => {
    const url = request.url();
    if (/^(?:data|blob|about):/.test(url)) return;
    if (new URL(url).origin !== appOrigin) note(`request to ${url.slice(0, 120)}`);
  });
  page.context().on("page", (popup) => note(`popup ${popup.url()}`));
  page.on("dialog", (dialog) => {
    note(`dialog "${dialog.message()}"`);
    void dialog.dismiss();
  });
  page.on("pageerror", (error) => note(`page error ${error.message.slice(0, 200)}`));
  page.on("console", (message) => {
    if (message.type() === "error") note(`console error ${message.text().slice(0, 200)}`);
  });
  page.on("framenavigated", (frame) => {
    const url = frame.url();
    if (url === "about:blank" || url === "about:srcdoc") return;
    if (new URL(url).origin !== appOrigin) note(`${frame === page.mainFrame() ? "page" : "frame"} navigated to ${url.slice(0, 120)}`);
  });
  return state;
}

/** Opens message `uid`, checks what the reader shows and that the back link still works. */
async function openAndCheck(page: Page, m: HostileMessage, uid: number, state: Watch, appOrigin: string): Promise<void> {
  state.current = m.name;
  const started = Date.now();
  const response = await page.goto(`/mail/INBOX/${uid}`, { waitUntil: "commit" });
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading, `${m.name}: the reader shows the message`).toBeVisible({ timeout: 15_000 });
  const openMs = Date.now() - started;
  const timing = response!.request().timing();
  const serverMs = Math.round(timing.responseStart - timing.requestStart);
  state.timings.push(`${m.name}: open ${openMs} ms, server ${serverMs} ms`);
  expect.soft(response!.status(), `${m.name}: reader status`).toBe(200);
  expect.soft(serverMs, `${m.name}: server time`).toBeLessThan(SERVER_LIMIT_MS);
  expect.soft(openMs, `${m.name}: time to heading`).toBeLessThan(OPEN_LIMIT_MS);

  // The headers: the subject (exactly, when it is plain text), the sender.
  if (m.subject !== null) await expect.soft(heading, `${m.name}: subject`).toHaveText(m.subject);
  else await expect.soft(heading, `${m.name}: subject tag`).toContainText(`[${m.tag}]`);
  await expect.soft(page.getByText("attacker@evil.example").first(), `${m.name}: sender`).toBeVisible();

  // The body: in the sandboxed frame (checked as the browser parsed it) or as plain text.
  const iframe = page.locator('iframe[title="message-body"]');
  if ((await iframe.count()) > 0) {
    await expect.soft(iframe).toHaveAttribute("sandbox", "allow-popups allow-popups-to-escape-sandbox");
    const body = page.frameLocator('iframe[title="message-body"]').locator("body");
    if (m.survives) await expect.soft(body, `${m.name}: harmless content shown`).toContainText(m.survives, { timeout: 10_000 });
    else await expect(body).toBeAttached({ timeout: 10_000 });
    const frame = page.frames().find((f) => /\/api\/messages\/\d+\/html/.test(f.url()));
    if (frame) expect.soft(frameDangers(await frame.content()), `${m.name}: frame DOM`).toEqual([]);
    else state.problems.push(`${m.name}: message frame did not load`);
  } else if (m.survives) {
    await expect.soft(page.getByTestId("message-text"), `${m.name}: text shown`).toContainText(m.survives);
  }

  // Still the app's page, and it still responds: the back link leads to the list.
  expect.soft(new URL(page.url()).origin).toBe(appOrigin);
  await page.getByRole("link", { name: /Back to Inbox/ }).click();
  await expect(page.getByTestId("message-list"), `${m.name}: back to the list`).toBeVisible({ timeout: 10_000 });
}

test("every hostile message opens safely in real Chromium", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const appOrigin = new URL(baseURL!).origin;
  const state = watch(page, appOrigin);
  // The DOM check can fail: it sees what it is looking for.
  expect(frameDangers('<html><body><img src="https://evil.example/x" onerror="alert(1)"><svg></svg></body></html>')).toHaveLength(3);

  await signIn(page, user.email, user.password);
  // The first page of the list (50 rows) renders with all those subjects, senders and snippets.
  await expect(page.getByTestId("message-list").getByRole("link")).toHaveCount(Math.min(messages.length, 50), { timeout: 30_000 });

  for (const [index, m] of messages.entries()) await openAndCheck(page, m, index + 1, state, appOrigin);

  // Late effects (refresh timers, lazy loads) get a moment to show up.
  state.current = "(after the last message)";
  await page.waitForTimeout(1_000);
  console.log(`hostile.spec timings:\n  ${state.timings.join("\n  ")}`);
  expect(state.problems).toEqual([]);
});

test("attachments of hostile messages are never rendered on the app's origin", async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, user.email, user.password);
  const checked: string[] = [];
  for (const name of ["h27-filename-xss.eml", "h28-cid-svg-and-html.eml", "h29-forwarded-hostile.eml", "h42-html-attachment-only.eml"]) {
    const uid = messages.findIndex((m) => m.name === name) + 1;
    await page.goto(`/mail/INBOX/${uid}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const links = page.getByRole("region", { name: /attachments/i }).getByRole("link");
    for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")!))) {
      for (const url of [href, href.replace(/\?download=1$/, "")]) {
        const response = await page.request.get(url);
        expect.soft(response.status(), `${name} ${url}`).toBe(200);
        const headers = response.headers();
        const type = headers["content-type"] ?? "";
        // Only plain raster images may be shown inline; everything else is a download.
        if (!/^image\/(?:png|jpeg|gif|webp|avif|bmp)$/.test(type)) {
          expect.soft(type, `${name} ${url}: content type`).toBe("application/octet-stream");
          expect.soft(headers["content-disposition"] ?? "", `${name} ${url}: disposition`).toMatch(/^attachment;/);
        }
        expect.soft(headers["x-content-type-options"], `${name} ${url}: nosniff`).toBe("nosniff");
        expect.soft(headers["content-security-policy"] ?? "", `${name} ${url}: CSP`).toContain("sandbox");
        checked.push(url);
      }
    }
  }
  expect(checked.length).toBeGreaterThan(10);
});

test("after \"Show images\", hostile messages load images and nothing else", async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, user.email, user.password);
  const foreign: { url: string; type: string }[] = [];
  page.context().on("request", (request) => {
    if (/^https?:/.test(request.url()) && !request.url().startsWith(new URL(page.url()).origin)) foreign.push({ url: request.url(), type: request.resourceType() });
  });
  for (const name of ["h12-css-remote.eml", "h13-srcset-background.eml", "h19-forged-markers.eml", "h21-relative-and-app-urls.eml"]) {
    const uid = messages.findIndex((m) => m.name === name) + 1;
    await page.goto(`/mail/INBOX/${uid}`);
    await page.getByRole("button", { name: "Show images", exact: true }).click();
    await expect(page.locator('iframe[title="message-body"]')).toHaveAttribute("src", /images=1/);
    await page.waitForTimeout(1_000);
  }
  // Remote images and backgrounds load now (that was asked for); style sheets, fonts, media,
  // prefetches, pings and tracking pixels still do not.
  expect(foreign.length).toBeGreaterThan(3);
  expect(foreign.filter((r) => r.type !== "image")).toEqual([]);
  expect(foreign.filter((r) => /track|hidden|forged|\.css|\.woff|preload|prefetch|ping/.test(r.url))).toEqual([]);
});

// A NUL byte in a header (h37) reaches the list cache through the IMAP envelope, not through
// lib/mime, and PostgreSQL refuses U+0000 in text and jsonb: the whole batch insert fails and the
// mailbox shows an error instead of its messages. This must keep passing once that is fixed.
test("a message with NUL bytes in its headers does not break the mailbox", async ({ page, baseURL }) => {
  test.setTimeout(60_000);
  const appOrigin = new URL(baseURL!).origin;
  const state = watch(page, appOrigin);
  await signIn(page, isolatedUser.email, isolatedUser.password);
  await expect(page.getByTestId("message-list").getByRole("link"), "the mailbox lists its messages").toHaveCount(isolated.length, { timeout: 15_000 });
  for (const [index, m] of isolated.entries()) await openAndCheck(page, m, index + 1, state, appOrigin);
  expect(state.problems).toEqual([]);
});
