import { readFileSync } from "node:fs";
import { strToU8 } from "fflate";
import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

// What the runbooks-as-code specs (runbooks-as-code-*.spec.ts) share: a download's name and
// bytes, and files uploaded to /import up to its preview.

export async function downloaded(page: Page, click: () => Promise<void>) {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
}

export async function upload(page: Page, files: { name: string; text?: string; bytes?: Uint8Array }[]) {
  await page.goto("/import");
  await page.getByLabel("Runbook files").setInputFiles(files.map((f) => ({ name: f.name, mimeType: "application/octet-stream", buffer: Buffer.from(f.bytes ?? strToU8(f.text!)) })));
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import preview" })).toBeVisible();
}
