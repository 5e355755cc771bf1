import type { Browser, Page } from "@playwright/test";
import { contextAs, expect, query, seriousViolations, slugOf, test, unique } from "./fixtures";

// Four-eyes approval in the browser, on the production server, with two editors: the
// admin turns the policy on; one editor's change waits and cannot be approved by them;
// the second approves and it goes live, with both names in history; a deletion waits
// too and is rejected with a reason; a new entry waits until approved. Each test makes
// its own system and people: the demo stays as other specs expect it.

/** A system with one procedure whose admin turns "changes need approval" on in its page; an author and an approver (editors). */
async function gatedSystem(page: Page, browser: Browser) {
  const name = unique("Card payments");
  const title = unique("Fail over to the standby acquirer");
  const slug = slugOf(name);
  const headers = { "Sec-Fetch-Site": "same-origin" };
  expect((await page.request.post("/api/v1/systems", { headers, data: { slug, name, tier: "TIER_1" } })).status()).toBe(201);
  const created = await page.request.post("/api/v1/procedures", {
    headers,
    data: { system: slug, title, steps: [{ instruction: "Switch the route", command: "payctl route standby", expectedResult: "route: standby" }] },
  });
  const procedure = ((await created.json()) as { id: string }).id;

  await page.goto(`/systems/${slug}`);
  await expect(page.getByText("Changes to this system apply at once")).toBeVisible();
  await page.getByLabel("Why (for history)").fill("Tier 1: four eyes");
  await page.getByRole("button", { name: "Require approval for changes" }).click();
  await expect(page.getByRole("status")).toContainText("Changes to this system now need approval.");

  const author = await contextAs(browser, page, "Editor");
  const approver = await contextAs(browser, page, "Editor");
  return { slug, procedure, title, author, approver };
}

test("a change to a gated procedure waits for a second editor, who approves it; author and approver in history and the audit log", async ({ page, browser }) => {
  const { procedure, title, author, approver } = await gatedSystem(page, browser);
  const viewer = await contextAs(browser, page, "Viewer");

  // The author edits: the form says it will wait; saving opens a change request, the live procedure stays.
  await author.page.goto(`/procedures/${procedure}/edit`);
  await expect(author.page.getByRole("note")).toContainText("saving sends your change for approval");
  await author.page.getByLabel("Title").fill(`${title} (EU)`);
  await author.page.getByLabel("Change note").fill("Name the region");
  await author.page.getByRole("button", { name: "Save" }).click();
  await expect(author.page).toHaveURL(/\/approvals\/c[a-z0-9]+\?opened=1$/);
  const requestUrl = new URL(author.page.url()).pathname;
  await expect(author.page.getByRole("status")).toContainText("Sent for approval");
  await expect(author.page.getByText("You proposed this change: someone else approves it.")).toBeVisible();
  await expect(author.page.getByRole("button", { name: "Approve and apply" })).toHaveCount(0);
  await author.page.goto(`/procedures/${procedure}`);
  await expect(author.page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(author.page.getByRole("region", { name: "Change waiting for approval" })).toContainText(`1 change waiting for approval: edit by ${author.name}`);
  // Editing again starts from the waiting change, not from the live procedure.
  await author.page.goto(`/procedures/${procedure}/edit`);
  await expect(author.page.getByRole("note")).toContainText("The form holds your change waiting for approval");
  await expect(author.page.getByLabel("Title")).toHaveValue(`${title} (EU)`);

  // A viewer sees it and cannot act.
  await viewer.page.goto(requestUrl);
  await expect(viewer.page.getByText("You can see this change; editors and admins other than its author decide on it.")).toBeVisible();
  await expect(viewer.page.getByRole("button", { name: "Approve and apply" })).toHaveCount(0);
  await expect(viewer.page.getByRole("button", { name: "Reject" })).toHaveCount(0);

  // The second editor finds it at Approvals, sees the diff, approves.
  await approver.page.goto("/approvals");
  await approver.page.getByRole("link", { name: `${title} (EU)` }).click();
  await expect(approver.page.getByRole("region", { name: "What this changes" }).locator("ins")).toContainText("(EU)");
  expect(await seriousViolations(approver.page)).toEqual([]);
  await approver.page.getByLabel("Comment").fill("Matches the acquirer's docs");
  await approver.page.getByRole("button", { name: "Approve and apply" }).click();
  await expect(approver.page.getByRole("status")).toContainText("Approved: the change is live");
  await approver.page.goto(`/procedures/${procedure}`);
  await expect(approver.page.getByRole("heading", { level: 1 })).toHaveText(`${title} (EU)`);
  await expect(approver.page.getByRole("region", { name: "Change waiting for approval" })).toHaveCount(0);
  await approver.page.goto(`/procedures/${procedure}/history`);
  const version2 = approver.page.getByRole("row", { name: /Version 2/ });
  await expect(version2).toContainText(author.name);
  await expect(version2).toContainText(`approved by ${approver.name}`);
  const [revision] = await query<{ authorName: string; reviewerName: string; status: string }>(
    `SELECT r."authorName", c."reviewerName", c.status FROM "Revision" r JOIN "ChangeRequest" c ON c.id = r."changeRequestId" WHERE r."entityId" = $1 AND r.version = 2`,
    [procedure],
  );
  expect(revision).toEqual({ authorName: author.name, reviewerName: approver.name, status: "APPROVED" });

  // The audit log shows who did it, filtered by person and kind of action, and downloads what it shows.
  await page.goto("/audit");
  await page.getByLabel("Person").selectOption({ label: `${approver.name} (${approver.email})` });
  await page.getByLabel("Action").selectOption("change.");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/actor=.*action=change\./);
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText("change.approved");
  await expect(rows.nth(1)).toContainText(`Change request: ${title} (EU)`);
  expect(await seriousViolations(page)).toEqual([]);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  const csv = await (await download.createReadStream()).toArray();
  const lines = Buffer.concat(csv).toString("utf8").trim().split(/\r?\n/);
  expect(lines[0]).toMatch(/^seq,at,actorId,actorName,action,/);
  expect(lines.slice(1).map((line) => line.split(",")[4])).toEqual(["change.approved"]);
  expect(download.suggestedFilename()).toMatch(/^audit-events-\d{4}-\d{2}-\d{2}\.csv$/);

  await Promise.all([author.context.close(), approver.context.close(), viewer.context.close()]);
});

test("a deletion of a gated procedure is rejected with a reason and stays visible; a new failure mode of the system waits until approved", async ({ page, browser }) => {
  const { slug, procedure, title, author, approver } = await gatedSystem(page, browser);

  // A deletion waits too; rejecting needs a reason; the procedure stays.
  await author.page.goto(`/procedures/${procedure}`);
  await author.page.getByText("Delete this procedure").click();
  await author.page.getByLabel("Change note").fill("Standby acquirer retired");
  await author.page.getByRole("button", { name: "Delete procedure" }).click();
  await expect(author.page).toHaveURL(/\/approvals\/c[a-z0-9]+\?opened=1$/);
  await expect(author.page.getByRole("heading", { name: "What this deletes" })).toBeVisible();
  const deletion = new URL(author.page.url()).pathname;
  await approver.page.goto(deletion);
  await approver.page.getByRole("button", { name: "Reject" }).click();
  await expect(approver.page.getByLabel("Why reject it")).toBeFocused();
  await approver.page.getByLabel("Why reject it").fill("It is still in the contract until March");
  await approver.page.getByRole("button", { name: "Reject" }).click();
  await expect(approver.page.getByRole("status")).toContainText("Rejected");
  await author.page.goto("/approvals?show=decided");
  await expect(author.page.locator(`a[href="${deletion}"]`)).toBeVisible();
  await author.page.goto(deletion);
  await expect(author.page.getByText("It is still in the contract until March")).toBeVisible();
  await author.page.goto(`/procedures/${procedure}`);
  await expect(author.page.getByRole("heading", { level: 1 })).toHaveText(title);

  // A new failure mode of the system waits too, and exists once approved.
  const failureMode = unique("Acquirer timeouts");
  await author.page.goto(`/systems/${slug}/failure-modes/new`);
  await expect(author.page.getByRole("note")).toContainText("saving sends the new entry for approval");
  await author.page.getByLabel("Title").fill(failureMode);
  await author.page.getByRole("button", { name: "Save" }).click();
  await expect(author.page).toHaveURL(/\/approvals\/c[a-z0-9]+\?opened=1$/);
  await expect(author.page.getByRole("heading", { level: 1 })).toHaveText(`New failure mode: ${failureMode}`);
  expect(await query(`SELECT 1 FROM "FailureMode" WHERE title = $1`, [failureMode])).toEqual([]);
  await approver.page.goto(new URL(author.page.url()).pathname);
  await approver.page.getByRole("button", { name: "Approve and apply" }).click();
  await expect(approver.page.getByRole("status")).toContainText("Approved");
  await approver.page.goto(`/systems/${slug}`);
  await expect(approver.page.getByRole("region", { name: /Failure modes/ }).getByRole("heading", { name: failureMode })).toBeVisible();

  await Promise.all([author.context.close(), approver.context.close()]);
});

test("a system is edited through the same page as every entry: its author's change waiting for approval is where editing the system starts again", async ({ page, browser }) => {
  const { slug, author } = await gatedSystem(page, browser);
  await author.page.goto(`/systems/${slug}/edit`);
  await expect(author.page.getByRole("note")).toContainText("saving sends your change for approval");
  await author.page.getByLabel("Purpose").fill("Takes card payments for every shop, through two acquirers.");
  await author.page.getByLabel("Change note").fill("Say what it does");
  await author.page.getByRole("button", { name: "Save" }).click();
  await expect(author.page).toHaveURL(/\/approvals\/c[a-z0-9]+\?opened=1$/);

  await author.page.goto(`/systems/${slug}/edit`);
  await expect(author.page.getByRole("note")).toContainText("The form holds your change waiting for approval");
  await expect(author.page.getByLabel("Purpose")).toHaveValue("Takes card payments for every shop, through two acquirers.");
  await expect(author.page.getByLabel("Slug")).toHaveValue(slug);
  // Cancel leads back to the system, by its slug.
  await author.page.getByRole("link", { name: "Cancel" }).click();
  await expect(author.page).toHaveURL(new RegExp(`/systems/${slug}$`));
});
