import type { Page } from "@playwright/test";
import { contextAs, expect, query, seriousViolations, slugOf, test, unique } from "./fixtures";
import { E2E } from "./env";

// Runs on the production server: an incident run followed by keyboard alone with a reload
// in the middle, the procedure updated from it and the incident's timeline; a drill
// followed by two people at once; drill badges on the procedure and the print page.
// Each test makes its own system: the demo systems stay as other specs expect them.

const STEPS = [
  { instruction: "Pause the consumer", command: "kubectl scale deploy/consumer --replicas=0", expectedResult: "0 replicas" },
  { instruction: "Drain the queue", command: "drain.sh --all", expectedResult: "queue empty" },
  { instruction: "Tell the channel", command: "", expectedResult: "" },
];

/** A system with one three-step procedure, made through the API with the page's session; returns the procedure's id. */
async function procedureOfNewSystem(page: Page, name: string) {
  const headers = { "Sec-Fetch-Site": "same-origin" };
  const slug = slugOf(name);
  expect((await page.request.post("/api/v1/systems", { headers, data: { slug, name, tier: "TIER_2" } })).status()).toBe(201);
  const created = await page.request.post("/api/v1/procedures", { headers, data: { system: slug, title: "Drain the consumer queue", steps: STEPS, estimatedMinutes: 10 } });
  expect(created.status()).toBe(201);
  return { slug, id: ((await created.json()) as { id: string }).id };
}

test("an incident run by keyboard alone: a failed and a skipped step, a reload loses nothing; the procedure updated from it; the incident's timeline", async ({ page }) => {
  const procedure = await procedureOfNewSystem(page, unique("Queue consumer"));
  const ref = `INC-${Date.now().toString(36).toUpperCase()}`;
  await page.goto(`/procedures/${procedure.id}`);
  await expect(page.getByTestId("drill-line")).toContainText("Never drilled");

  // Start: the Drill radio, arrow to Incident, Tab to the reference, Enter.
  await page.getByRole("radio", { name: "Drill" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("radio", { name: "Incident" })).toBeChecked();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Incident reference")).toBeFocused();
  await page.keyboard.type(ref);
  await page.keyboard.press("Enter");
  const step = (n: number) => page.getByRole("heading", { name: `Step ${n} of 3` });
  await expect(step(1)).toBeVisible();
  await expect(page.getByRole("link", { name: `Incident ${ref}` })).toBeVisible();

  // Step 1: Tab past the copy button to "What you observed", then Done.
  await step(1).focus();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Copy command" })).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.type("scaled to 0 in 4 s");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Done", exact: true })).toBeFocused();
  await page.keyboard.press("Enter");

  // Saved: the next step takes the focus. Step 2 fails, with a reason.
  await expect(step(2)).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.type("command not found");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Failed…" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Why did it fail?")).toBeFocused();
  await page.keyboard.type("drain.sh is not on the bastion");
  await page.keyboard.press("Enter");
  await expect(step(3)).toBeFocused();

  // Typed but not yet marked: a reload keeps it, and the marks are stored.
  await page.keyboard.press("Tab");
  await page.keyboard.type("posted in #incidents");
  await page.reload();
  await expect(page.getByLabel("What you observed")).toHaveValue("posted in #incidents");
  const steps = page.getByRole("navigation", { name: "Steps" });
  await expect(steps.getByRole("button", { name: /Step 1 · Done/ })).toBeVisible();
  await expect(steps.getByRole("button", { name: /Step 2 · Failed/ })).toBeVisible();

  // Step 3 is skipped; then the run ends as partly resolved.
  await step(3).focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Skip…" })).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.type("nobody was listening");
  await page.keyboard.press("Enter");
  await expect(steps.getByRole("button", { name: /Step 3 · Skipped/ })).toBeVisible();
  // Every step marked: the focus moves on to ending the run.
  await expect(page.getByRole("heading", { name: "End the run" })).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("radio", { name: "Partly resolved" })).toBeChecked();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Summary")).toBeFocused();
  await page.keyboard.type("Drained by hand");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "End run" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText("2 steps failed or skipped");
  await expect(page.getByTestId("step-2-result")).toContainText("Failed · took");
  await expect(page.getByTestId("step-2-result")).toContainText("drain.sh is not on the bastion");

  const runId = page.url().split("/runs/")[1]!.split("?")[0]!;
  const stored = await query<{ index: number; outcome: string; reason: string; observed: string; seconds: number | null }>(
    `SELECT "index", "outcome", "reason", "observed", "seconds" FROM "RunStep" WHERE "runId" = $1 ORDER BY "index"`,
    [runId],
  );
  expect(stored.map(({ index, outcome, reason, observed }) => ({ index, outcome, reason, observed }))).toEqual([
    { index: 0, outcome: "DONE", reason: "", observed: "scaled to 0 in 4 s" },
    { index: 1, outcome: "FAILED", reason: "drain.sh is not on the bastion", observed: "command not found" },
    { index: 2, outcome: "SKIPPED", reason: "nobody was listening", observed: "posted in #incidents" },
  ]);
  expect(stored.every((s) => s.seconds !== null && s.seconds >= 0)).toBe(true);

  // Update this procedure: the run's findings beside the form, the incident filled in.
  await page.getByRole("link", { name: "Update this procedure" }).click();
  const findings = page.getByRole("complementary");
  await expect(findings).toContainText("Step 2: failed — drain.sh is not on the bastion");
  await expect(findings).toContainText("command not found");
  await expect(page.getByLabel("Incident", { exact: true })).toHaveValue(ref);
  await page.getByLabel("Step 2 command").fill("/opt/tools/drain.sh --all");
  await page.getByLabel("Change note").fill(`After ${ref}: drain.sh lives in /opt/tools`);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved as version 2")).toBeVisible();

  // Both directions: the history names the run, the run lists the revision.
  await page.goto(`/procedures/${procedure.id}/history`);
  await page.getByRole("link", { name: "from a run" }).click();
  await expect(page.getByRole("heading", { name: "Changes made from this run" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Procedure version 2" })).toBeVisible();

  // The incident's timeline: the run and the edit, in time order.
  await page.goto(`/incidents/${ref}`);
  await expect(page.getByRole("heading", { level: 1, name: ref })).toBeVisible();
  const events = await page.getByTestId("timeline-event").allTextContents();
  const order = ["Incident run of Drain the consumer queue started", "step 1: done", "step 2: failed", "step 3: skipped", "ended: partly resolved", "version 2 saved"];
  const positions = order.map((text) => events.findIndex((event) => event.includes(text)));
  expect(positions.every((position) => position >= 0)).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);

  // Search by the incident reference finds the run.
  await page.goto(`/search?q=${ref.toLowerCase()}`);
  await expect(page.getByRole("heading", { name: `Incident ${ref}` })).toBeVisible();
});

test("a drill followed by two people: a mark made meanwhile is shown, not overwritten; the drill badges follow", async ({ page, browser }) => {
  const procedure = await procedureOfNewSystem(page, unique("Drill host"));
  await page.goto(`/procedures/${procedure.id}`);
  await page.getByRole("button", { name: "Start drill" }).click();
  await expect(page.getByRole("heading", { name: "Step 1 of 3" })).toBeVisible();
  const runUrl = page.url();
  expect(await seriousViolations(page)).toEqual([]);

  // A viewer (on-call engineers often are) opens the same run.
  const viewer = await contextAs(browser, page, "Viewer");
  await viewer.page.goto(runUrl);
  await page.goto(runUrl);
  await expect(viewer.page.getByRole("heading", { name: "Step 1 of 3" })).toBeVisible();

  await page.getByRole("button", { name: "Done", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Step 2 of 3" })).toBeVisible();
  // The viewer's page still shows step 1 open: their mark is refused, and the page catches up.
  await viewer.page.getByRole("button", { name: "Failed…" }).click();
  await viewer.page.getByLabel("Why did it fail?").fill("timed out");
  await viewer.page.getByRole("button", { name: "Save as failed" }).click();
  await expect(viewer.page.getByText(`${E2E.admin.name} marked this step done meanwhile`)).toBeVisible();
  const viewerSteps = viewer.page.getByRole("navigation", { name: "Steps" });
  await expect(viewerSteps.getByRole("button", { name: /Step 1 · Done/ })).toBeVisible();
  await viewerSteps.getByRole("button", { name: /Step 2/ }).click();
  await expect(viewer.page.getByRole("heading", { name: "Step 2 of 3" })).toBeFocused();
  await viewer.page.getByRole("button", { name: "Done", exact: true }).click();
  await expect(viewer.page.getByRole("heading", { name: "Step 3 of 3" })).toBeVisible();

  // The first person sees the viewer's progress on "Reload progress".
  await page.getByRole("button", { name: "Reload progress" }).click();
  await expect(page.getByRole("navigation", { name: "Steps" }).getByRole("button", { name: /Step 2 · Done/ })).toBeVisible();
  await page.getByRole("button", { name: "Done", exact: true }).click();
  // Saved: every step is marked, and the focus (scrolling the page) moves on to ending the run.
  await expect(page.getByRole("heading", { name: "End the run" })).toBeFocused();
  await page.getByLabel("Resolved", { exact: true }).check();
  await page.getByRole("button", { name: "End run" }).click();
  await expect(page.getByRole("status")).toContainText("Every step went as written");
  const [run] = await query<{ status: string; marks: string[] }>(
    `SELECT r."status", array_agg(s."markedByName" ORDER BY s."index") AS "marks" FROM "Run" r JOIN "RunStep" s ON s."runId" = r."id" WHERE r."id" = $1 GROUP BY r."status"`,
    [runUrl.split("/runs/")[1]],
  );
  expect(run).toEqual({ status: "RESOLVED", marks: [E2E.admin.name, viewer.name, E2E.admin.name] });

  // Drilled today: no badge. Three months on (the run moved back in time), the drill is overdue.
  await page.goto(`/procedures/${procedure.id}`);
  await expect(page.getByTestId("drill-line")).toContainText(/Last drilled .*, took \d+ min \(estimate 10 min\)/);
  await expect(page.getByTestId("drill-line")).not.toContainText("overdue");
  await query(`UPDATE "Run" SET "startedAt" = "startedAt" - interval '100 days', "endedAt" = "endedAt" - interval '100 days' WHERE "procedureId" = $1`, [procedure.id]);
  await page.reload();
  await expect(page.getByTestId("drill-line")).toContainText("Drill overdue by 10 d");
  await page.goto(`/systems/${procedure.slug}/print`);
  await expect(page.getByTestId("print-drill")).toContainText("drill overdue");
  await viewer.context.close();
});
