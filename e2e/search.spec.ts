// Searching the cache: Korean words inside bodies, and Gmail-style operators.
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers/auth";

test("search finds a Korean word and filters by operators", async ({ page }) => {
  await signIn(page, "alice@example.test", "alice-secret");
  const box = page.getByRole("searchbox", { name: "Search mail" });
  const results = page.getByTestId("message-list");

  await box.fill("회의실");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=/);
  await expect(results.getByRole("link", { name: /회의 일정 안내/ })).toBeVisible();

  await page.getByRole("searchbox", { name: "Search mail" }).fill("has:attachment from:bob");
  await page.getByRole("searchbox", { name: "Search mail" }).press("Enter");
  await expect(results.getByRole("link", { name: /Screenshot of the new login page/ })).toBeVisible();
  await expect(results.getByRole("link", { name: /회의 일정 안내/ })).toHaveCount(0);

  await page.getByRole("searchbox", { name: "Search mail" }).fill("zzqqxx-nothing-matches");
  await page.getByRole("searchbox", { name: "Search mail" }).press("Enter");
  await expect(page.getByText("No messages match")).toBeVisible();
});

test("a search that cannot run says why, in the reader's language", async ({ page }) => {
  await signIn(page, "alice@example.test", "alice-secret");
  const box = page.getByRole("searchbox", { name: "Search mail" });
  await box.fill("is:purple");
  await box.press("Enter");
  await expect(page.getByText("Cannot search for is:purple.")).toBeVisible();
  await page.getByRole("button", { name: "한국어" }).click();
  await expect(page.getByText("is:purple(으)로는 검색할 수 없습니다.")).toBeVisible();
  await expect(page.getByText("Cannot search for is:purple.")).toHaveCount(0);
});
