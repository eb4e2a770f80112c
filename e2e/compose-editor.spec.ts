// The body editor and the attachment panel in real Chromium: formatting and
// its shortcuts, links, Korean IME input, pasted images, uploads with
// progress, the size limit before and during upload, plain-text mode.
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers/auth";

const alice = { email: "alice@example.test", password: "alice-secret" };
const MB = 1024 * 1024;

const editor = (page: Page) => page.getByRole("textbox", { name: "Message" });
const panel = (page: Page) => page.getByRole("region", { name: "Attachments" });

async function openCompose(page: Page) {
  await signIn(page, alice.email, alice.password);
  await page.goto("/compose");
  await expect(editor(page)).toBeVisible();
}

/** A small valid PNG (1x1, red), for pasting. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==", "base64");

test("formatting from the toolbar and the keyboard, and links limited to web and mail", async ({ page }) => {
  await openCompose(page);
  await editor(page).click();
  await page.keyboard.type("Hello ");
  await page.keyboard.press("Control+b");
  await page.keyboard.type("bold");
  await page.keyboard.press("Control+b");
  await page.keyboard.type(" and ");
  await page.getByRole("button", { name: "Italic" }).click();
  await page.keyboard.type("italic");
  await expect(page.getByRole("button", { name: "Italic" })).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("button", { name: "Italic" }).click();
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Bulleted list" }).click();
  await page.keyboard.type("first item");
  await expect(editor(page).locator("strong")).toHaveText("bold");
  await expect(editor(page).locator("em")).toHaveText("italic");
  await expect(editor(page).locator("ul > li")).toHaveText("first item");

  // A javascript: link is refused with the reason; a bare host becomes https.
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter"); // leaves the list
  await page.keyboard.press("Control+k");
  const address = page.getByRole("textbox", { name: "Link address" });
  await address.fill("javascript:alert(1)");
  await address.press("Enter");
  await expect(page.getByTestId("link-form").getByRole("alert")).toHaveText("Only web (http, https) and email (mailto) links are allowed.");
  await address.fill("example.com/docs");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(editor(page).locator('a[href="https://example.com/docs"]')).toHaveText("example.com/docs");
  await expect(editor(page).locator('a[href^="javascript:"]')).toHaveCount(0);

  // Clear formatting takes bold away from the selection.
  await editor(page).locator("strong").selectText();
  await page.getByRole("button", { name: "Clear formatting" }).click();
  await expect(editor(page).locator("strong")).toHaveCount(0);
  await expect(editor(page)).toContainText("Hello bold and italic");
});

test("Korean typed through an IME composes into the editor intact", async ({ page }) => {
  await openCompose(page);
  await editor(page).click();
  const cdp = await page.context().newCDPSession(page);
  // What a Korean IME sends for 한글: each syllable composed jamo by jamo, then committed.
  for (const steps of [["ㅎ", "하", "한"], ["ㄱ", "그", "글"]]) {
    for (const text of steps) await cdp.send("Input.imeSetComposition", { text, selectionStart: text.length, selectionEnd: text.length });
    await cdp.send("Input.insertText", { text: steps.at(-1)! });
  }
  await page.keyboard.type(" 입니다");
  await expect(editor(page)).toHaveText("한글 입니다");
});

test("a pasted image is uploaded and shown inline from the draft", async ({ page }) => {
  await openCompose(page);
  await editor(page).click();
  await page.keyboard.type("See the picture: ");
  await editor(page).evaluate((element, bytes) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], "pasted.png", { type: "image/png" }));
    element.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, [...PNG]);
  const image = editor(page).locator("img[data-cid]");
  await expect(image).toHaveAttribute("src", /^\/api\/drafts\/[0-9a-f-]{36}\/attachments\/[0-9a-f-]{36}$/);
  await expect(image).toHaveAttribute("data-cid", /^[0-9a-f-]{36}@maeil$/);
  await expect(image).toHaveAttribute("alt", "pasted.png");
  // Served by the attachment route, under our origin, as the same bytes.
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
  const response = await page.request.get((await image.getAttribute("src"))!);
  expect(response.headers()["content-type"]).toBe("image/png");
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response.headers()["content-security-policy"]).toContain("sandbox");
  expect(Buffer.from(await response.body()).equals(PNG)).toBe(true);
  // Pasted images are not listed as file attachments.
  await expect(panel(page).getByTestId("attachment")).toHaveCount(0);
});

test("picked files upload with progress, can be removed, and dropped files attach", async ({ page }) => {
  await openCompose(page);
  await editor(page).click();
  await page.keyboard.type("Files attached.");
  // Slow the uploads down so their progress can be seen.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1 * MB });

  await page.getByTestId("attachment-input").setInputFiles([
    { name: "보고서.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(3 * MB, 7) },
    { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("some notes\n") },
  ]);
  const progress = panel(page).getByRole("progressbar", { name: /^Uploading 보고서\.pdf: \d+%$/ });
  await expect(progress).toBeVisible();
  await expect.poll(async () => Number(await progress.getAttribute("value")), { timeout: 20_000 }).toBeGreaterThan(0);
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  await expect(panel(page).getByTestId("attachment")).toHaveCount(2, { timeout: 30_000 });
  await expect(panel(page).getByTestId("attachment-upload")).toHaveCount(0);
  await expect(panel(page).getByRole("link", { name: "Download 보고서.pdf" })).toBeVisible();
  await expect(panel(page).getByTestId("attachment-total")).toHaveText("3 MB of 25 MB");

  // The download link serves the bytes with the file's name.
  const download = page.waitForEvent("download");
  await panel(page).getByRole("link", { name: "Download notes.txt" }).click();
  expect((await download).suggestedFilename()).toBe("notes.txt");

  await panel(page).getByRole("button", { name: "Remove notes.txt" }).click();
  await expect(panel(page).getByTestId("attachment")).toHaveCount(1);

  // A file dropped on the form (not an image, so the editor passes it on) is attached.
  await page.getByTestId("compose-form").evaluate((form) => {
    const data = new DataTransfer();
    data.items.add(new File(["dropped"], "dropped.csv", { type: "text/csv" }));
    const target = form.querySelector("[data-testid=body-editor]") ?? form;
    for (const type of ["dragenter", "dragover", "drop"]) target.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await expect(panel(page).getByRole("link", { name: "Download dropped.csv" })).toBeVisible();

  // Reopening the draft shows the same files.
  await expect(page).toHaveURL(/\/compose\?draft=[0-9a-f-]{36}/);
  await page.reload();
  await expect(panel(page).getByTestId("attachment")).toHaveCount(2);
});

test("files over the limit are refused before upload, and by the server", async ({ page }) => {
  await openCompose(page);
  await editor(page).click();
  await page.keyboard.type("Too big.");
  const posts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && /\/attachments/.test(r.url())) posts.push(r.url());
  });

  await page.getByTestId("attachment-input").setInputFiles([
    { name: "small.txt", mimeType: "text/plain", buffer: Buffer.from("fits") },
    { name: "video.mov", mimeType: "video/quicktime", buffer: Buffer.alloc(26 * MB, 1) },
  ]);
  await expect(panel(page).getByTestId("attachment-limit-error")).toContainText(
    "“video.mov” (26 MB) cannot be attached: a message’s attachments may total at most 25 MB, and 4 B is already attached.",
  );
  await expect(panel(page).getByRole("link", { name: "Download small.txt" })).toBeVisible();
  expect(posts).toHaveLength(1); // only small.txt went to the server

  // The server refuses on its own as well (a client that skipped the check).
  const draftId = (await page.getByTestId("compose-form").getAttribute("data-draft-id"))!;
  const response = await page.request.post(`/api/drafts/${draftId}/attachments`, {
    headers: { "X-Filename": encodeURIComponent("큰 파일.bin"), "Content-Type": "application/octet-stream" },
    data: Buffer.alloc(26 * MB, 2),
  });
  expect(response.status()).toBe(413);
  expect(await response.json()).toMatchObject({
    code: "ATTACHMENT_LIMIT",
    error: `"큰 파일.bin" does not fit: a message's attachments may total at most 25 MB (4 B is already attached).`,
  });
});

test("an upload the attachment route cannot read is refused with what is wrong, in the reader's language", async ({ page }) => {
  await openCompose(page);
  await editor(page).click();
  await page.keyboard.type("Saved as a draft.");
  await expect(page.getByTestId("compose-form")).toHaveAttribute("data-draft-id", /^[0-9a-f-]{36}$/);
  const draftId = (await page.getByTestId("compose-form").getAttribute("data-draft-id"))!;
  const upload = (headers: Record<string, string>) =>
    page.request.post(`/api/drafts/${draftId}/attachments`, { headers: { "Content-Type": "text/plain", ...headers }, data: Buffer.from("x") });

  let response = await upload({});
  expect(response.status()).toBe(400);
  expect((await response.json()).error).toBe("The upload has no file name (X-Filename header).");
  response = await upload({ "X-Filename": "%E0%A4%A", "Accept-Language": "ko-KR,ko;q=0.9" });
  expect(response.status()).toBe(400);
  expect((await response.json()).error).toBe("X-Filename 헤더가 URI로 인코딩된 파일 이름이 아닙니다.");
  response = await page.request.get(`/api/drafts/${draftId}/attachments/not-an-id`, { headers: { "Accept-Language": "ko-KR" } });
  expect(response.status()).toBe(400);
  expect((await response.json()).error).toBe("첨부 파일 번호가 아닙니다.");
});

test("switching to plain text warns and keeps the words; back to rich text keeps the lines", async ({ page }) => {
  await openCompose(page);
  await editor(page).click();
  await page.keyboard.type("First line");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Control+b");
  await page.keyboard.type("Second");
  await page.getByRole("radio", { name: "Plain text" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("Plain text has no formatting");
  await page.getByRole("button", { name: "Switch to plain text" }).click();
  const text = page.getByTestId("body-text");
  await expect(text).toHaveValue("First line\n\nSecond");
  await text.fill("One\ntwo\n\nthree <b>");
  await page.getByRole("radio", { name: "Rich text" }).click();
  await expect(editor(page).locator("p")).toHaveCount(2);
  await expect(editor(page).locator("p").first()).toHaveText("Onetwo"); // a line break, not a space
  await expect(editor(page).locator("p").first().locator("br")).toHaveCount(1);
  await expect(editor(page).locator("p").nth(1)).toHaveText("three <b>");
});
