// Reading what real mail carries: a PDF attachment previewed in the page by pdf.js (from our own
// origin, under the app's CSP, running nothing the PDF asks for), and the plain-text alternative
// of an HTML message, chosen in the URL so that it survives a reload.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers/auth";
import { ROOT } from "./helpers/e2e-env";
import { addMailUser } from "./helpers/hostile";
import { deliverMessage, uniqueTag } from "./helpers/mail";
import { minimalPdf } from "./helpers/minimal-pdf";

test.describe.configure({ mode: "serial" });

const RED: [number, number, number] = [0.9, 0.1, 0.1];
const GREEN: [number, number, number] = [0.1, 0.7, 0.2];
const BLUE: [number, number, number] = [0.1, 0.2, 0.9];
const PDF_LINK = "https://example.com/pdf-link";

const report = minimalPdf(
  [
    {
      title: "Quarterly report",
      rgb: RED,
      links: [
        { rect: [72, 300, 300, 340], uri: PDF_LINK },
        // A link whose action is a script: it must not become anything clickable.
        { rect: [72, 200, 300, 240], javascript: "app.alert('link script ran')" },
      ],
    },
    { title: "Second page", rgb: GREEN },
    { title: "Third page", rgb: BLUE, korean: "한글 보고서" },
  ],
  { openActionJavaScript: "app.alert('open action ran')" },
);

/** A message with text, a real three-page PDF and a "PDF" that is not one. */
function pdfMessage(to: string, subject: string): string {
  const b64 = (data: Buffer) => data.toString("base64").replace(/.{76}/g, "$&\r\n");
  return [
    "From: Reports <reports@example.test>",
    `To: ${to}`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${uniqueTag()}@e2e.maeil.example>`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="mixed"',
    "",
    "--mixed",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "The report is attached.",
    "--mixed",
    'Content-Type: application/pdf; name="report.pdf"',
    'Content-Disposition: attachment; filename="report.pdf"',
    "Content-Transfer-Encoding: base64",
    "",
    b64(report),
    "--mixed",
    'Content-Type: application/octet-stream; name="broken.pdf"',
    'Content-Disposition: attachment; filename="broken.pdf"',
    "Content-Transfer-Encoding: base64",
    "",
    b64(Buffer.from("This is a text file that only pretends to be a PDF.\n".repeat(20))),
    "--mixed--",
    "",
  ].join("\r\n");
}

function alternativeMessage(to: string, subject: string): string {
  return [
    "From: Newsletter <news@example.test>",
    `To: ${to}`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${uniqueTag()}@e2e.maeil.example>`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/alternative; boundary="alt"',
    "",
    "--alt",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "PLAIN alternative: only the text part says this.",
    "--alt",
    "Content-Type: text/html; charset=utf-8",
    "",
    "<html><body><p><b>FORMATTED version</b> shown in the frame.</p></body></html>",
    "--alt--",
    "",
  ].join("\r\n");
}

function htmlOnlyMessage(to: string, subject: string): string {
  return [
    "From: Shop <shop@example.test>",
    `To: ${to}`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${uniqueTag()}@e2e.maeil.example>`,
    "MIME-Version: 1.0",
    "Content-Type: text/html; charset=utf-8",
    "",
    "<html><body><h1>Only HTML here</h1><p>Derived text still reads.</p></body></html>",
    "",
  ].join("\r\n");
}

let user: { email: string; password: string };

test.beforeAll(async () => {
  test.setTimeout(120_000);
  user = addMailUser(`pdf-${uniqueTag()}@example.test`, "pdf-secret");
  // A fresh mailbox: delivered in this order, the messages get UIDs 1, 2 and 3.
  deliverMessage(pdfMessage(user.email, "Report with PDF"), user.email);
  deliverMessage(alternativeMessage(user.email, "Text and HTML differ"), user.email);
  deliverMessage(htmlOnlyMessage(user.email, "HTML only"), user.email);
});

/** Signs in, waits until the Inbox lists the three messages, and opens message `uid`. */
async function openMessage(page: Page, uid: number): Promise<void> {
  await signIn(page, user.email, user.password);
  await expect(page.getByTestId("message-list").getByRole("link")).toHaveCount(3, { timeout: 30_000 });
  await page.goto(`/mail/INBOX/${uid}`);
}

/** Everything that would mean the page did something it should not. */
function watch(page: Page, origin: string) {
  const problems: string[] = [];
  const workers: string[] = [];
  /** pdf.js's own files (worker, CMaps, fonts) as the browser got them: path -> status. */
  const assets = new Map<string, number>();
  page.context().on("response", (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith("/api/pdfjs/")) assets.set(url.pathname, response.status());
  });
  page.context().on("request", (request) => {
    const url = request.url();
    if (!/^(?:data|blob|about):/.test(url) && new URL(url).origin !== origin) problems.push(`request to ${url}`);
  });
  page.context().on("page", (popup) => problems.push(`popup ${popup.url()}`));
  page.on("dialog", (dialog) => {
    problems.push(`dialog "${dialog.message()}"`);
    void dialog.dismiss();
  });
  page.on("pageerror", (error) => problems.push(`page error ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error ${message.text()}`);
  });
  page.on("worker", (worker) => {
    workers.push(worker.url());
    worker.on("console", (message) => {
      if (message.type() === "error") problems.push(`worker console error ${message.text()}`);
    });
  });
  return { problems, workers, assets };
}

/** Share of the canvas's pixels within a small distance of `rgb` (0–1 channels). */
function colourShare(page: Page, rgb: [number, number, number]): Promise<number> {
  return page.getByTestId("pdf-canvas").evaluate((canvas: HTMLCanvasElement, target) => {
    const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
    let hits = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i]! - target[0]!) < 30 && Math.abs(data[i + 1]! - target[1]!) < 30 && Math.abs(data[i + 2]! - target[2]!) < 30) hits++;
    }
    return hits / (data.length / 4);
  }, rgb.map((c) => Math.round(c * 255)));
}

test("a multi-page PDF attachment previews in the page, drawn by pdf.js from our own origin", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const seen = watch(page, origin);
  await openMessage(page, 1);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Report with PDF");

  const attachments = page.getByRole("region", { name: /attachments/ });
  await attachments.getByRole("button", { name: "Preview report.pdf" }).click();
  const dialog = page.getByRole("dialog", { name: "Preview of report.pdf" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("pdf-page-count")).toHaveText("Page 1 of 3", { timeout: 20_000 });
  const canvas = dialog.getByTestId("pdf-canvas");
  await expect(canvas).toHaveAttribute("data-drawn-page", "1");

  // Page 1 is mostly the red rectangle, with dark title text; no green page yet.
  expect(await colourShare(page, RED)).toBeGreaterThan(0.4);
  expect(await colourShare(page, GREEN)).toBeLessThan(0.01);
  expect(await colourShare(page, [0, 0, 0])).toBeGreaterThan(0.0005);

  // Fitted to the width of the preview (its scroll area's content box).
  const fitWidth = await dialog.getByTestId("pdf-scroll").evaluate((el) => el.clientWidth - 32);
  expect(Math.abs((await canvas.boundingBox())!.width - fitWidth)).toBeLessThanOrEqual(2);

  // The URI link is a plain link to a new tab without an opener; the script link is nothing.
  const pageLinks = dialog.locator('[data-testid="pdf-canvas"] ~ a');
  const pageLink = pageLinks.and(page.locator(`[href="${PDF_LINK}"]`));
  await expect(pageLink).toHaveAttribute("target", "_blank");
  await expect(pageLink).toHaveAttribute("rel", /\bnoopener\b/);
  await expect(pageLinks).toHaveCount(1);

  // Next page: green now, and no red left.
  await dialog.getByRole("button", { name: "Next page" }).click();
  await expect(dialog.getByTestId("pdf-page-count")).toHaveText("Page 2 of 3");
  await expect(canvas).toHaveAttribute("data-drawn-page", "2");
  expect(await colourShare(page, GREEN)).toBeGreaterThan(0.4);
  expect(await colourShare(page, RED)).toBeLessThan(0.01);
  await expect(pageLink).toHaveCount(0);

  // Zoom in is 125 % of the fitted width; "Fit width" goes back.
  await dialog.getByRole("button", { name: "Zoom in" }).click();
  await expect.poll(async () => Math.round(((await canvas.boundingBox())!.width / fitWidth) * 100)).toBe(125);
  await dialog.getByRole("button", { name: "125%" }).click();
  await expect.poll(async () => Math.round((await canvas.boundingBox())!.width)).toBe(Math.round(fitWidth));

  // The keyboard pages too; the last page has no next.
  await page.keyboard.press("ArrowRight");
  await expect(dialog.getByTestId("pdf-page-count")).toHaveText("Page 3 of 3");
  await expect(canvas).toHaveAttribute("data-drawn-page", "3");
  expect(await colourShare(page, BLUE)).toBeGreaterThan(0.4);
  await expect(dialog.getByRole("button", { name: "Next page" })).toBeDisabled();
  // Its Korean line needed Adobe's UniKS-UCS2-H CMap, which the worker fetched from us.
  expect([...seen.assets].filter(([path]) => path.includes("/cmaps/"))).toEqual(
    expect.arrayContaining([[expect.stringMatching(/\/cmaps\/UniKS-UCS2-H\.bcmap$/), 200]]),
  );

  // pdf.js ran in a real worker served by us (the CSP's worker-src 'self' let it start).
  expect(seen.workers.some((url) => new RegExp(`^${origin}/api/pdfjs/\\d+\\.\\d+\\.\\d+/build/pdf\\.worker\\.min\\.mjs$`).test(url))).toBe(true);

  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await page.waitForTimeout(500);
  expect(seen.problems).toEqual([]);
});

test("an attachment named .pdf that is not a PDF says so", async ({ page, baseURL }) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await openMessage(page, 1);
  await page.getByRole("region", { name: /attachments/ }).getByRole("button", { name: "Preview broken.pdf" }).click();
  const dialog = page.getByRole("dialog", { name: "Preview of broken.pdf" });
  await expect(dialog.getByTestId("pdf-error")).toContainText("This PDF cannot be shown.", { timeout: 20_000 });
  await expect(dialog.getByTestId("pdf-error")).toContainText("The file is not a valid PDF, or it is damaged");
  await expect(dialog.getByTestId("pdf-canvas")).toBeHidden();
  // What the reader can still do: download it.
  await expect(dialog.getByRole("link", { name: "Download" })).toHaveAttribute("href", /\/parts\/3\?download=1$/);
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
  expect(seen.problems).toEqual([]);
});

test("pdf.js files are served only from the installed package, under its version", async ({ request }) => {
  const { version } = JSON.parse(readFileSync(path.join(ROOT, "node_modules", "pdfjs-dist", "package.json"), "utf8")) as { version: string };
  const worker = await request.get(`/api/pdfjs/${version}/build/pdf.worker.min.mjs`);
  expect(worker.status()).toBe(200);
  expect(worker.headers()["content-type"]).toMatch(/^text\/javascript/);
  expect((await request.get(`/api/pdfjs/${version}/cmaps/UniKS-UCS2-H.bcmap`)).status()).toBe(200);
  for (const url of [
    "/api/pdfjs/0.0.0/build/pdf.worker.min.mjs",
    `/api/pdfjs/${version}/build/pdf.mjs`,
    `/api/pdfjs/${version}/cmaps/..%2F..%2Fpackage.json`,
    `/api/pdfjs/${version}/..%2Fpackage.json/x`,
    `/api/pdfjs/${version}/wasm/openjpeg.wasm`,
  ]) {
    expect((await request.get(url)).status(), url).toBe(404);
  }
});

test("the plain-text alternative of an HTML message is a toggle kept in the URL", async ({ page }) => {
  await openMessage(page, 2);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Text and HTML differ");
  const frameBody = page.frameLocator('iframe[title="message-body"]').locator("body");
  await expect(frameBody).toContainText("FORMATTED version");
  await expect(frameBody).not.toContainText("PLAIN alternative");

  await page.getByRole("link", { name: "Show plain text" }).click();
  await expect(page).toHaveURL(/\/mail\/INBOX\/2\?view=text$/);
  await expect(page.getByTestId("message-text")).toHaveText("PLAIN alternative: only the text part says this.");
  await expect(page.locator('iframe[title="message-body"]')).toHaveCount(0);

  await page.reload();
  await expect(page.getByTestId("message-text")).toHaveText("PLAIN alternative: only the text part says this.");
  await expect(page.getByRole("link", { name: "Show formatted" })).toBeVisible();

  await page.getByRole("link", { name: "Show formatted" }).click();
  await expect(page).toHaveURL(/\/mail\/INBOX\/2$/);
  await expect(frameBody).toContainText("FORMATTED version");
  await expect(page.getByTestId("message-text")).toHaveCount(0);

  await page.reload();
  await expect(frameBody).toContainText("FORMATTED version");
  await expect(page.getByRole("link", { name: "Show plain text" })).toBeVisible();
});

test("an HTML-only message shows the text derived from its HTML", async ({ page }) => {
  await openMessage(page, 3);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("HTML only");
  await page.getByRole("link", { name: "Show plain text" }).click();
  await expect(page).toHaveURL(/\/mail\/INBOX\/3\?view=text$/);
  await expect(page.getByTestId("message-text")).toContainText("Only HTML here");
  await expect(page.getByTestId("message-text")).toContainText("Derived text still reads.");
  await expect(page.locator('iframe[title="message-body"]')).toHaveCount(0);
});
