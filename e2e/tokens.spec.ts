import { request as apiRequest } from "@playwright/test";
import { expect, test, unique } from "./fixtures";

test("a personal access token: created and shown once, works on the API as its user, and stops at once when revoked", async ({ page, baseURL }) => {
  const name = unique("bot");
  await page.goto("/settings/tokens");
  await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();
  // Bad input keeps what was typed.
  await page.getByLabel("Scope").selectOption("WRITE");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Some fields need attention" })).toBeVisible();
  await expect(page.getByText("Name is required")).toBeVisible();
  await expect(page.getByLabel("Scope")).toHaveValue("WRITE");

  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByRole("status")).toContainText(`Created "${name}". Copy it now`);
  const secret = (await page.getByTestId("new-token").textContent())!.trim();
  expect(secret).toMatch(/^rbp_/);
  const row = page.getByRole("region", { name: "Your tokens" }).getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText(`${secret.slice(0, 10)}…`);
  await expect(row).toContainText("write");
  await expect(row).toContainText("active");
  // Shown once: a reload shows the prefix only.
  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  await expect(page.locator("main")).not.toContainText(secret);

  const api = await apiRequest.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const me = await api.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ role: "ADMIN", scope: "WRITE" });
  const anonymous = await api.get("/api/v1/me");
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()["content-type"]).toBe("application/problem+json");
  expect(await anonymous.json()).toMatchObject({ status: 401, title: "Sign in with a token" });

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("region", { name: "Your tokens" }).getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(row).toContainText("revoked");
  await expect(row.getByRole("button", { name: `Revoke ${name}` })).toHaveCount(0);
  expect((await api.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(401);
  await api.dispose();
});
