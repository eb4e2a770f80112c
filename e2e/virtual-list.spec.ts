// A long folder: the first page comes server-rendered, older pages load as the list scrolls,
// only the rows in view stay in the DOM, and links, keys, keyset URLs and live mail keep working.
import { expect, test, type Locator, type Page } from "@playwright/test";
import type { ImapFlow } from "imapflow";
import { signIn } from "./helpers/auth";
import { addMailUser } from "./helpers/hostile";
import { rawMessage, uniqueTag, withImap as withUserImap } from "./helpers/mail";

test.describe.configure({ mode: "serial" });

const COUNT = 420;
const tag = uniqueTag();
/** Message i is the i-th oldest: internal dates an hour apart, in the past. */
const subject = (i: number) => `Virtual ${String(i).padStart(3, "0")} ${tag}`;
let user: { email: string; password: string };

const withImap = <T>(work: (client: ImapFlow) => Promise<T>) => withUserImap(user, work);

test.beforeAll(async () => {
  test.setTimeout(120_000);
  user = addMailUser(`virtual-${tag}@example.test`, "virtual-secret");
  const start = Date.UTC(2025, 0, 1);
  // APPEND in bulk is far faster than delivering one by one; every third one read, some flagged.
  await withImap(async (client) => {
    for (let i = 0; i < COUNT; i++) {
      const raw = rawMessage({ from: `Sender ${i % 7} <s${i % 7}@example.test>`, to: user.email, subject: subject(i), body: `Body ${i}` });
      await client.append("INBOX", raw, i % 3 === 0 ? ["\\Seen"] : i % 10 === 1 ? ["\\Flagged"] : [], new Date(start + i * 3_600_000));
    }
  });
});

const list = (page: Page) => page.getByTestId("message-list");
/** Requests for a further page of the list; re-reads of rows already loaded (after a change) carry `limit=`. */
const isPageFetch = (url: string) => url.includes("/api/folders/messages") && !url.includes("limit=");
const rows = (page: Page) => list(page).getByRole("link");
const row = (page: Page, i: number): Locator => list(page).getByRole("link", { name: new RegExp(subject(i)) });

/**
 * Signs in and opens the Inbox once its first sync has landed. (Right after signing in, a
 * second render of the Inbox can run while the first sync is still storing the folder and show
 * it empty; that is the sync's business, not the list's.)
 */
async function openInbox(page: Page) {
  await signIn(page, user.email, user.password);
  await expect(async () => {
    await page.goto("/mail/INBOX");
    await expect(rows(page).first()).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });
}

/** Scrolls the list's own scroller by `px`, or to its end. */
async function scrollList(page: Page, px: number | "end" | "top") {
  await list(page).evaluate((ul, by) => {
    const scroller = ul.parentElement!;
    scroller.scrollTop = by === "end" ? scroller.scrollHeight : by === "top" ? 0 : scroller.scrollTop + by;
  }, px);
}

/** Scrolls to the end until `i` is loaded; fails after a bound instead of looping forever. */
async function scrollUntil(page: Page, i: number) {
  await expect(async () => {
    await scrollList(page, "end");
    await expect(row(page, i)).toBeAttached({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
}

test("the server renders the first page and older pages load as the list scrolls", async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  const fetched: string[] = [];
  page.on("request", (r) => isPageFetch(r.url()) && fetched.push(r.url()));

  await openInbox(page);
  // Newest first, the whole first page in the DOM, unread and flag markers as in any list.
  await expect(rows(page).first()).toHaveAccessibleName(new RegExp(subject(COUNT - 1)));
  await expect(rows(page)).toHaveCount(50);
  await expect(row(page, COUNT - 1)).toHaveAttribute("data-unread", "true");
  await expect(row(page, COUNT - 3)).toHaveAttribute("data-unread", "false");
  await expect(row(page, COUNT - 19).getByRole("img", { name: "Flagged" })).toBeVisible();
  await expect(page.getByTestId("page-range")).toHaveText(new RegExp(`^1–\\d+ of ${COUNT}$`));

  // Scrolling down fetches older pages from the route handler and appends them.
  await scrollUntil(page, 0);
  expect(fetched.length).toBeGreaterThanOrEqual(Math.ceil(COUNT / 50) - 1);
  expect(new Set(fetched).size).toBe(fetched.length);
  await expect(list(page).getByRole("listitem").last()).toHaveAttribute("aria-posinset", String(COUNT));
  // Only the window in view is in the DOM: far fewer rows than the folder has.
  const inDom = await rows(page).count();
  expect(inDom).toBeGreaterThan(5);
  expect(inDom).toBeLessThan(80);
  await expect(row(page, COUNT - 1)).toHaveCount(0);
  await expect(page.getByTestId("page-range")).toHaveText(new RegExp(`^\\d+–${COUNT} of ${COUNT}$`));

  // Back at the top, the first rows are there again, and no page was fetched twice.
  const before = fetched.length;
  await scrollList(page, "top");
  await expect(row(page, COUNT - 1)).toBeVisible();
  await expect(row(page, 0)).toHaveCount(0);
  expect(fetched.length).toBe(before);
  expect(consoleErrors).toEqual([]);
});

test("rows are links and the arrow keys walk the list beyond what was rendered", async ({ page }) => {
  await openInbox(page);
  await row(page, COUNT - 1).focus();
  await page.keyboard.press("ArrowDown");
  await expect(row(page, COUNT - 2)).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(row(page, COUNT - 1)).toBeFocused();
  // Down past everything in the DOM: rows are rendered (and the next page fetched) as the focus moves.
  const nextPage = page.waitForResponse((r) => r.url().includes("/api/folders/messages"));
  for (let i = 0; i < 40; i++) await page.keyboard.press("ArrowDown");
  await expect(row(page, COUNT - 41)).toBeFocused();
  await nextPage;
  for (let i = 0; i < 30; i++) await page.keyboard.press("ArrowDown");
  await expect(row(page, COUNT - 71)).toBeFocused();
  await page.keyboard.press("Home");
  await expect(row(page, COUNT - 1)).toBeFocused();

  // A row far down opens its message in the app, like any other.
  await scrollUntil(page, 5);
  await row(page, 5).click();
  await expect(page).toHaveURL(/\/mail\/INBOX\/\d+$/);
  await expect(page.getByRole("heading", { name: subject(5) })).toBeVisible();

  // Back returns to the same place in the list, without fetching its pages again (the rows it
  // had are read again in one request, in case they changed meanwhile).
  const fetched: string[] = [];
  page.on("request", (r) => isPageFetch(r.url()) && fetched.push(r.url()));
  await page.goBack();
  await expect(row(page, 5)).toBeVisible();
  await expect(row(page, COUNT - 1)).toHaveCount(0);
  expect(fetched).toEqual([]);
  // Opened by a link instead, the list starts at the top.
  await row(page, 5).click();
  await page.getByRole("link", { name: /Back to Inbox/ }).click();
  await expect(row(page, COUNT - 1)).toBeVisible();
});

test("keyset links still page through the folder, with and without JavaScript", async ({ page, browser }) => {
  await openInbox(page);
  await page.getByRole("link", { name: "Older ›", exact: true }).click();
  await expect(page).toHaveURL(/\?after=\d+\.\d+&i=51$/);
  await expect(page.getByTestId("page-range")).toHaveText(new RegExp(`^51–\\d+ of ${COUNT}$`));
  await expect(rows(page).first()).toHaveAccessibleName(new RegExp(subject(COUNT - 51)));
  // A deep link goes on loading older pages from where it starts.
  await scrollUntil(page, COUNT - 130);

  // Without JavaScript the server's page is complete, and the list's end links to the next one.
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  const plain = await context.newPage();
  await plain.goto("/mail/INBOX");
  await expect(rows(plain)).toHaveCount(50);
  await plain.getByRole("link", { name: "Older messages ›" }).click();
  await expect(plain).toHaveURL(/\?after=\d+\.\d+&i=51$/);
  await expect(rows(plain).first()).toHaveAccessibleName(new RegExp(subject(COUNT - 51)));
  await context.close();
});

test("new mail shows at the top and the pages loaded below it stay", async ({ page }) => {
  await openInbox(page);
  await scrollUntil(page, 0);
  // Let the page's event stream connect and the server's IDLE watch begin.
  await page.waitForTimeout(1500);
  const fetched: string[] = [];
  page.on("request", (r) => isPageFetch(r.url()) && fetched.push(r.url()));

  const fresh = `Fresh on top ${tag}`;
  await withImap((client) => client.append("INBOX", rawMessage({ from: "Dave <dave@example.test>", to: user.email, subject: fresh, body: "hi" })));
  await expect(page.getByTestId("page-range")).toHaveText(new RegExp(` of ${COUNT + 1}$`), { timeout: 15_000 });
  await scrollList(page, "top");
  await expect(list(page).getByRole("link", { name: new RegExp(fresh) })).toBeVisible();
  await expect(rows(page).first()).toHaveAccessibleName(new RegExp(fresh));
  // The rows fetched before the refresh are still there: the end of the folder needs no new fetch.
  await scrollList(page, "end");
  await expect(row(page, 0)).toBeAttached();
  await expect(list(page).getByRole("listitem").last()).toHaveAttribute("aria-posinset", String(COUNT + 1));
  expect(fetched).toEqual([]);
});

test("the list route checks its input and the session", async ({ page, playwright }) => {
  await signIn(page, user.email, user.password);
  const bad = await page.request.get("/api/folders/messages?folder=INBOX&after=yesterday");
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error).toMatch(/after: the cursor/);
  const missing = await page.request.get(`/api/folders/messages?folder=Nope-${tag}&after=1.1`);
  expect(missing.status()).toBe(404);
  const ok = await page.request.get(`/api/folders/messages?folder=INBOX&after=${Date.UTC(2025, 0, 1) + 10 * 3_600_000}.0`);
  expect(ok.status()).toBe(200);
  const body = (await ok.json()) as { rows: { subject: string }[]; older: string | null };
  expect(body.rows.map((r) => r.subject)).toEqual(Array.from({ length: 10 }, (_, i) => subject(9 - i)));
  expect(body.older).toBeNull();
  // A re-read asks for more than a page, within a bound.
  const many = await page.request.get(`/api/folders/messages?folder=INBOX&after=${Date.UTC(2025, 0, 1) + 300 * 3_600_000}.0&limit=120`);
  expect(((await many.json()) as { rows: unknown[] }).rows).toHaveLength(120);
  const tooMany = await page.request.get("/api/folders/messages?folder=INBOX&after=1.1&limit=501");
  expect(tooMany.status()).toBe(422);
  expect((await tooMany.json()).error).toMatch(/limit: at most 500/);

  const anonymous = await playwright.request.newContext({ baseURL: page.url() });
  const denied = await anonymous.get("/api/folders/messages?folder=INBOX&after=1.1");
  expect(denied.status()).toBe(401);
  await anonymous.dispose();
});

/** Scrolls from the top down until row `i` is in the DOM. */
async function scrollToRow(page: Page, i: number) {
  await scrollList(page, "top");
  await expect(async () => {
    if ((await row(page, i).count()) === 0) await scrollList(page, 600);
    await expect(row(page, i)).toBeAttached({ timeout: 250 });
  }).toPass({ timeout: 30_000 });
}

test("rows loaded below the first page follow flags and deletions made in another client", async ({ page }) => {
  // Beyond the first page; `read` is one of the unread ones, `flag` is not flagged yet.
  const [flag, read, gone] = [COUNT - 120, COUNT - 128, COUNT - 140];
  await openInbox(page);
  await scrollUntil(page, COUNT - 160);
  await page.waitForTimeout(1500); // the event stream and the IDLE watch
  const rereads: string[] = [];
  page.on("request", (r) => r.url().includes("/api/folders/messages") && r.url().includes("limit=") && rereads.push(r.url()));

  await withImap(async (client) => {
    await client.mailboxOpen("INBOX");
    const uidOf = async (i: number) => {
      const found = await client.search({ subject: subject(i) }, { uid: true });
      if (!found || found.length !== 1) throw new Error(`${subject(i)}: ${JSON.stringify(found)}`);
      return found[0]!;
    };
    await client.messageFlagsAdd(String(await uidOf(flag)), ["\\Flagged"], { uid: true });
    await client.messageFlagsAdd(String(await uidOf(read)), ["\\Seen"], { uid: true });
    await client.messageDelete(String(await uidOf(gone)), { uid: true });
  });

  // No reload: the change reaches the page, which reads the rows it had loaded again.
  await expect.poll(() => rereads.length, { timeout: 15_000 }).toBeGreaterThan(0);
  await expect(async () => {
    await scrollToRow(page, flag);
    await expect(row(page, flag).getByRole("img", { name: "Flagged" })).toBeVisible({ timeout: 500 });
    await scrollToRow(page, read);
    await expect(row(page, read)).toHaveAttribute("data-unread", "false", { timeout: 500 });
    // Its neighbours are in view and it is not.
    await scrollToRow(page, gone + 1);
    await expect(row(page, gone - 1)).toBeAttached({ timeout: 500 });
    await expect(row(page, gone)).toHaveCount(0);
  }).toPass({ timeout: 30_000 });
});
