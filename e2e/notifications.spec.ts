import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { contextAs, expect, query, seriousViolations, test, unique } from "./fixtures";

// What people see of notifications: an admin adds a signed webhook (its secret shown once)
// and sends it a test that a real receiver verifies; anyone watches a system and picks the
// hour of their digest; the overview says who is reminded and when; dead jobs are retried.

test("an admin adds a signed webhook, sees its secret once, and a test arrives verified; bad input keeps what was typed", async ({ page }) => {
  let secret = "";
  const verified: boolean[] = [];
  const receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      try {
        new Webhook(secret).verify(body, request.headers as Record<string, string>);
        verified.push(true);
        response.writeHead(204).end();
      } catch {
        verified.push(false);
        response.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((done) => receiver.listen(0, "127.0.0.1", done));
  const address = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/runbooks`;
  const name = unique("Incident bot");
  try {
    await page.goto("/admin/destinations");
    await expect(page.getByRole("heading", { level: 1, name: "Destinations" })).toBeVisible();
    const form = page.locator("form", { has: page.getByRole("heading", { name: "Add a destination" }) });
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Kind").selectOption("WEBHOOK");
    await form.getByLabel("Webhook address").fill("not an address");
    await form.getByRole("checkbox", { name: /incident run/ }).uncheck();
    await form.getByRole("button", { name: "Add destination" }).click();
    await expect(form.getByText("Enter a full http:// or https:// address")).toBeVisible();
    await expect(form.getByLabel("Name")).toHaveValue(name);
    await expect(form.getByRole("checkbox", { name: /incident run/ })).not.toBeChecked();

    await form.getByLabel("Webhook address").fill(address);
    await form.getByRole("button", { name: "Add destination" }).click();
    await expect(form.getByRole("status")).toContainText(`Added "${name}". Copy its signing secret now`);
    secret = (await page.getByTestId("signing-secret").textContent())!;
    expect(secret).toMatch(/^whsec_/);

    // Never again: not in the list, not on its page.
    await page.goto("/admin/destinations");
    await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Nothing yet");
    expect(await page.content()).not.toContain(secret);
    expect(await page.content()).not.toContain("/hooks/runbooks");
    await page.getByRole("link", { name }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    expect(await page.content()).not.toContain(secret);
    await page.getByRole("button", { name: "Send a test" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Test sent" })).toHaveText("Test sent: the receiver answered 204.");
    expect(verified).toEqual([true]);
    await page.reload();
    const log = page.getByRole("table", { name: "The last 50 deliveries, newest first" });
    await expect(log.getByRole("row").nth(1)).toContainText(`Test from Runbook Portal: ${name} is set up`);
    await expect(log.getByRole("row").nth(1)).toContainText("Sent (204)");
    expect(await seriousViolations(page)).toEqual([]);
  } finally {
    await new Promise<void>((done) => receiver.close(() => done()));
  }
});

test("anyone watches a system and picks their digest hour; the overview says who is reminded and when", async ({ browser, page }) => {
  const viewer = await contextAs(browser, page, "Viewer");
  await viewer.page.goto("/systems/invoice-pipeline");
  const watch = viewer.page.getByRole("button", { name: "Watch", exact: true });
  await expect(watch).toHaveAttribute("aria-pressed", "false");
  await watch.click();
  await expect(viewer.page.getByRole("button", { name: "Watching" })).toHaveAttribute("aria-pressed", "true");
  expect(await query(`SELECT count(*)::int AS n FROM "Watch" w JOIN "User" u ON u.id = w."userId" JOIN "System" s ON s.id = w."systemId" WHERE u.name = $1 AND s.slug = 'invoice-pipeline'`, [viewer.name])).toEqual([{ n: 1 }]);
  await viewer.page.reload();
  await expect(viewer.page.getByTestId("reminders")).toContainText(/1 person watches it|people watch it/);
  await expect(viewer.page.getByTestId("reminders")).toContainText(/(is|are) reminded (from|each day)/);

  await viewer.page.goto("/settings/notifications");
  await viewer.page.getByLabel("Send my daily digest at").selectOption("6");
  await viewer.page.getByRole("checkbox", { name: /changes to the systems you watch/ }).uncheck();
  await viewer.page.getByRole("button", { name: "Save" }).click();
  await expect(viewer.page.getByRole("status").filter({ hasText: "Saved." })).toHaveText("Saved.");
  await viewer.page.reload();
  await expect(viewer.page.getByLabel("Send my daily digest at")).toHaveValue("6");
  await expect(viewer.page.getByRole("checkbox", { name: /changes to the systems you watch/ })).not.toBeChecked();
  expect(await query(`SELECT "digestHour", "mailOff" FROM "User" WHERE name = $1`, [viewer.name])).toEqual([{ digestHour: 6, mailOff: ["watched"] }]);
  await viewer.context.close();
});

test("a dead job is listed with its error, and an admin's retry runs it", async ({ page }) => {
  const [added] = await query<{ id: string }>(
    `SELECT id::text FROM graphile_worker.add_job('notify:run', '{"runId": "no-such-run", "event": "started"}'::json, run_at => now() + interval '1 hour', max_attempts => 1)`,
  );
  const id = added!.id;
  await query(`UPDATE graphile_worker._private_jobs SET attempts = 1, last_error = 'Error: the receiver answered 503' WHERE id = $1::bigint`, [id]);
  await page.goto("/admin/jobs");
  const row = page.getByRole("row", { name: new RegExp(`#${id}`) });
  await expect(row).toContainText("Announce an incident run");
  await expect(row).toContainText("1 of 1");
  await expect(row).toContainText("Error: the receiver answered 503");
  await row.getByRole("button", { name: `Retry job ${id}` }).click();
  await expect(page.getByRole("status")).toHaveText(`Job #${id} runs again within seconds, with all its attempts.`);
  // The portal's runner takes it: the run is gone, so there is nothing to say, and the job is done.
  await expect.poll(async () => (await query(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE id = $1::bigint`, [id]))[0]!.n, { timeout: 30_000 }).toBe(0);
  expect(await query(`SELECT action, "entityId" FROM "AuditEvent" WHERE action = 'job.retried' AND "entityId" = $1`, [id])).toEqual([{ action: "job.retried", entityId: id }]);
});
