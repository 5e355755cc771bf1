import { expect, test } from "@playwright/test";
import { E2E } from "./env";

test("the first visit leads to setup, which creates the admin once", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByLabel("Name").fill(E2E.admin.name);
  await page.getByLabel("Email").fill(E2E.admin.email);
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Confirm password").fill("short");
  await page.getByRole("button", { name: "Create admin" }).click();
  await expect(page.getByText("Use at least 12 characters")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(E2E.admin.email);

  await page.getByLabel("Password", { exact: true }).fill(E2E.admin.password);
  await page.getByLabel("Confirm password").fill(E2E.admin.password);
  await page.getByRole("button", { name: "Create admin" }).click();
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel("Email").fill(E2E.admin.email);
  await page.getByLabel("Password").fill("wrong password here");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();

  await page.getByLabel("Password").fill(E2E.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Invoice processing pipeline" }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Daily ad-performance pull" }).first()).toBeVisible();

  // Setup works only while no user exists.
  await page.goto("/setup");
  await expect(page).not.toHaveURL(/\/setup$/);

  await page.context().storageState({ path: E2E.adminState });
});
