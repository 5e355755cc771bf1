import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hash } from "@node-rs/argon2";
import pg from "pg";
import { expect, test } from "./fixtures";
import { E2E } from "./env";
import { freshDatabase, healthy, startInstance } from "./instance";

// The real Prometheus Alertmanager (Debian's prometheus-alertmanager; .ci/run installs it)
// sends what fires to a portal of this spec's own (its own database: what fires here shows
// on no other spec's pages), through a webhook receiver with an ingest token, as the README
// sets it up. An alert posted to Alertmanager's API opens the runbook's "Firing now", the
// dashboard, an incident; resolving it clears them; an alert with no runbook is a to-do.

const PORTAL_PORT = E2E.port + 9;
const ALERTMANAGER_PORT = E2E.port + 10;
const DATABASE = "live_alerts";

test("Alertmanager's alerts: the failure mode fires, the dashboard lists it, an incident opens; resolved, they clear and the timeline has both", async ({ browser }) => {
  test.setTimeout(240_000);
  const url = await freshDatabase(DATABASE);
  const portal = startInstance(PORTAL_PORT, { DATABASE_URL: url, NEXTAUTH_SECRET: randomBytes(32).toString("base64url") });
  const dir = mkdtempSync(join(tmpdir(), "alertmanager-"));
  const sql = new pg.Client({ connectionString: url });
  let alertmanager: ReturnType<typeof spawn> | null = null;
  let amOutput = "";
  const context = await browser.newContext({ baseURL: portal.base, storageState: { cookies: [], origins: [] } });
  try {
    await healthy(portal);
    await sql.connect();
    await sql.query(`INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ('am-editor', 'oncall@example.com', 'Olu On-call', $1, 'EDITOR', now())`, [await hash("a long enough password")]);
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill("oncall@example.com");
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();

    // The ingest token, made as a person would at /settings/tokens.
    await page.goto("/settings/tokens");
    await page.getByLabel("Name").fill("alertmanager");
    await page.getByLabel("Scope").selectOption("INGEST");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("new-token").textContent())!.trim();

    // Alertmanager, configured as the README says (short waits for the test).
    const config = join(dir, "alertmanager.yml");
    writeFileSync(
      config,
      [
        "route:",
        "  receiver: runbook-portal",
        "  group_by: [alertname]",
        "  group_wait: 1s",
        "  group_interval: 1s",
        "  repeat_interval: 1h",
        "receivers:",
        "  - name: runbook-portal",
        "    webhook_configs:",
        `      - url: ${portal.base}/api/v1/alerts/webhook`,
        "        send_resolved: true",
        "        http_config:",
        "          authorization:",
        "            type: Bearer",
        `            credentials: ${token}`,
        "",
      ].join("\n"),
    );
    alertmanager = spawn("prometheus-alertmanager", [`--config.file=${config}`, `--storage.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${ALERTMANAGER_PORT}`, `--web.external-url=http://127.0.0.1:${ALERTMANAGER_PORT}`, "--cluster.listen-address=", "--log.level=warn"], { stdio: ["ignore", "pipe", "pipe"] });
    alertmanager.stdout!.on("data", (chunk) => (amOutput += chunk));
    alertmanager.stderr!.on("data", (chunk) => (amOutput += chunk));
    const am = `http://127.0.0.1:${ALERTMANAGER_PORT}`;
    await expect.poll(() => fetch(`${am}/-/ready`).then((r) => r.status, () => 0), { timeout: 30_000 }).toBe(200);

    const unwritten = `NobodyWroteThis${randomBytes(3).toString("hex")}`;
    const startsAt = new Date().toISOString();
    const alert = (name: string, endsAt?: string) => ({
      labels: { alertname: name, severity: "critical", instance: "parser-1", job: "invoice-parser" },
      annotations: { summary: "Invoices wait longer than 15 minutes" },
      startsAt,
      ...(endsAt ? { endsAt } : {}),
      generatorURL: "http://prometheus.example.com/graph?g0.expr=invoice_parser_timeouts",
    });
    const post = async (alerts: unknown[]) => {
      const response = await fetch(`${am}/api/v2/alerts`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(alerts) });
      expect(response.status).toBe(200);
    };
    await post([alert("InvoiceParserTimeout"), alert(unwritten)]);

    // Within the group wait: the failure mode fires.
    const [{ id }] = (await sql.query<{ id: string }>(`SELECT id FROM "FailureMode" WHERE 'InvoiceParserTimeout' = ANY("alertNames")`)).rows as [{ id: string }];
    await expect
      .poll(
        async () => {
          await page.goto(`/failure-modes/${id}`);
          return page.getByTestId("firing-now").count();
        },
        { timeout: 30_000 },
      )
      .toBe(1);
    const banner = page.getByTestId("firing-now");
    await expect(banner).toContainText("Firing now: 1 alert");
    await expect(banner.getByRole("link", { name: "Silence" })).toHaveAttribute("href", new RegExp(`^${am}/#/silences/new\\?filter=`));
    await expect(banner.getByRole("link", { name: "Source" })).toHaveAttribute("href", "http://prometheus.example.com/graph?g0.expr=invoice_parser_timeouts");
    const incident = banner.getByRole("link", { name: /^ALERT-[0-9A-F]{6}$/ });
    const ref = (await incident.textContent())!;

    // The dashboard lists it first; the overview marks it and puts it first.
    await page.goto("/");
    await expect(page.getByTestId("dashboard-firing")).toContainText("Lambda timeout");
    await expect(page.getByTestId("dashboard-firing")).toContainText(ref);
    await page.goto("/systems/invoice-pipeline");
    await expect(page.getByRole("region", { name: /^Failure modes/ }).getByRole("listitem").first()).toContainText("Firing now");
    await expect(page.getByRole("region", { name: /^Failure modes/ }).getByRole("listitem").first()).toContainText("Lambda timeout");

    // The failure modes list filters by what fires.
    await page.goto("/failure-modes");
    await page.getByLabel("State").selectOption("firing");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/state=firing/);
    await expect(page.getByRole("row")).toHaveCount(2);
    await expect(page.getByRole("row").nth(1)).toContainText("Lambda timeout");

    // The incident opened itself; its run starts from the banner with its reference.
    await page.goto(`/failure-modes/${id}`);
    await page.getByRole("button", { name: new RegExp(`^Start incident run of .* for ${ref}$`) }).click();
    await expect(page).toHaveURL(/\/runs\/[a-z0-9]+$/);
    await page.goto(`/incidents/${ref}`);
    await expect(page.getByTestId("timeline-event").first()).toContainText("Alert InvoiceParserTimeout fired");
    await expect(page.getByTestId("timeline-event").nth(1)).toContainText("Incident run of");

    // The alert with no runbook is on the to-do list.
    await page.goto("/coverage");
    await expect(page.getByRole("table", { name: /fired without a runbook/ }).getByRole("row", { name: new RegExp(unwritten) })).toContainText("1 time");

    // Resolved through Alertmanager: the banner goes, the incident closes, the timeline has both.
    await post([alert("InvoiceParserTimeout", new Date().toISOString())]);
    await expect
      .poll(
        async () => {
          await page.goto(`/failure-modes/${id}`);
          return page.getByTestId("firing-now").count();
        },
        { timeout: 30_000 },
      )
      .toBe(0);
    await expect(page.getByTestId("firing-history")).toContainText("Not firing. Fired 1 time in the last 30 days");
    await page.goto(`/incidents/${ref}`);
    await expect(page.getByTestId("timeline-event").last()).toContainText("Alert InvoiceParserTimeout resolved");
    await expect(page.getByRole("heading", { level: 1, name: ref })).toBeVisible();
    await page.goto("/");
    await expect(page.getByTestId("dashboard-firing")).toHaveCount(0);
  } finally {
    alertmanager?.kill("SIGTERM");
    await context.close();
    await sql.end().catch(() => {});
    await portal.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
