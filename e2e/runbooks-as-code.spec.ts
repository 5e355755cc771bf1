import { mkdtempSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { strToU8, unzipSync, zipSync } from "fflate";
import type { Page } from "@playwright/test";
import { expect, query, slugOf, test, unique } from "./fixtures";

// Runbooks as code through the browser: export downloads, the import preview and its
// confirmation, refusals, and the offline bundle opened from file://.

async function downloaded(page: Page, click: () => Promise<void>) {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
}

/** A new system's file: one failure mode that names one procedure. */
function systemFile(slug: string, impact: string) {
  return `format: runbook-portal/v1
kind: system
slug: ${slug}
name: Import ${slug}
tier: TIER_3
purpose: Comes from a file.
failureModes:
  - key: queue-stuck
    title: Queue stuck
    severity: SEV2
    alertNames:
      - ImportQueueStuck
    customerImpact: ${impact}
    procedures:
      - drain
procedures:
  - key: drain
    title: Drain the queue
    steps:
      - instruction: Drain it.
        command: queuectl drain --all
`;
}

async function upload(page: Page, files: { name: string; text?: string; bytes?: Uint8Array }[]) {
  await page.goto("/import");
  await page.getByLabel("Runbook files").setInputFiles(files.map((f) => ({ name: f.name, mimeType: "application/octet-stream", buffer: Buffer.from(f.bytes ?? strToU8(f.text!)) })));
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import preview" })).toBeVisible();
}

const revisionsOf = (slug: string) =>
  query<{ type: string; n: number }>(
    `SELECT r."entityType" AS type, count(*)::int AS n FROM "Revision" r
      WHERE r."entityId" IN (SELECT id FROM "System" WHERE slug = $1 UNION ALL SELECT f.id FROM "FailureMode" f JOIN "System" s ON s.id = f."systemId" WHERE s.slug = $1
                             UNION ALL SELECT p.id FROM "RemediationProcedure" p JOIN "System" s ON s.id = p."systemId" WHERE s.slug = $1)
      GROUP BY 1 ORDER BY r."entityType"::text`,
    [slug],
  );

test("the portal and one system export as runbook files", async ({ page }) => {
  await page.goto("/export");
  const all = await downloaded(page, () => page.getByRole("button", { name: "Download runbook files (.zip)" }).click());
  expect(all.name).toMatch(/^runbooks-\d{4}-\d\d-\d\d\.zip$/);
  const files = unzipSync(new Uint8Array(all.bytes));
  expect(Object.keys(files)).toEqual(expect.arrayContaining(["contacts.yaml", "systems/invoice-pipeline.yaml", "systems/ad-performance-pull.yaml"]));
  expect(new TextDecoder().decode(files["systems/invoice-pipeline.yaml"])).toMatch(/^format: runbook-portal\/v1\nkind: system\nslug: invoice-pipeline\n/);

  await page.goto("/systems/invoice-pipeline");
  await page.locator("summary", { hasText: "Download" }).click();
  const one = await downloaded(page, () => page.getByRole("link", { name: "Export YAML" }).click());
  expect(one.name).toBe("invoice-pipeline.yaml");
  const text = one.bytes.toString("utf8");
  expect(text).toContain("alertNames:\n      - InvoiceParserTimeout");
  expect(text).toBe(new TextDecoder().decode(files["systems/invoice-pipeline.yaml"]) + text.slice(text.indexOf("---\n")));
});

test("import: a preview first, then exactly the changed entries get new versions; the same files again change nothing", async ({ page }) => {
  const slug = slugOf(unique("imported"));
  await upload(page, [{ name: `${slug}.yaml`, text: systemFile(slug, "Orders wait.") }]);
  await expect(page.getByTestId("import-summary")).toHaveText("3 new, 0 updated, 0 deleted, 0 unchanged.");
  expect(await query(`SELECT 1 FROM "System" WHERE slug = $1`, [slug])).toHaveLength(0);
  await page.getByLabel("Incident reference (optional)").fill("INC-3001");
  await page.getByRole("button", { name: "Import 3 changes" }).click();
  await expect(page.getByRole("status")).toContainText("Imported: 3 created, 0 updated, 0 deleted");
  expect(await revisionsOf(slug)).toEqual([
    { type: "FAILURE_MODE", n: 1 },
    { type: "PROCEDURE", n: 1 },
    { type: "SYSTEM", n: 1 },
  ]);

  await upload(page, [{ name: `${slug}.yaml`, text: systemFile(slug, "Orders wait for hours.") }]);
  await expect(page.getByTestId("import-summary")).toHaveText("0 new, 1 updated, 0 deleted, 2 unchanged.");
  const change = page.locator("li", { hasText: "Queue stuck" }).first();
  await expect(change.getByText("Customer impact")).toBeVisible();
  await expect(change.locator("ins")).toContainText("for hours");
  await page.getByRole("button", { name: "Import 1 change" }).click();
  await expect(page.getByRole("status")).toContainText("Imported: 0 created, 1 updated");
  expect(await revisionsOf(slug)).toEqual([
    { type: "FAILURE_MODE", n: 2 },
    { type: "PROCEDURE", n: 1 },
    { type: "SYSTEM", n: 1 },
  ]);
  const [latest] = await query<{ changeNote: string; incidentRef: string | null }>(
    `SELECT "changeNote", "incidentRef" FROM "Revision" WHERE "entityType" = 'FAILURE_MODE' AND "entityId" IN (SELECT f.id FROM "FailureMode" f JOIN "System" s ON s.id = f."systemId" WHERE s.slug = $1) ORDER BY version DESC LIMIT 1`,
    [slug],
  );
  expect(latest).toEqual({ changeNote: `Imported from ${slug}.yaml`, incidentRef: null });

  await upload(page, [{ name: `${slug}.yaml`, text: systemFile(slug, "Orders wait for hours.") }]);
  await expect(page.getByText("Nothing to change: the portal already holds exactly what these files say.")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Import \d+ change/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Discard this upload" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import" })).toBeVisible();
});

test("import: a preview the portal has moved past is refused, nothing is written, and the fresh preview is shown", async ({ page, context }) => {
  const slug = slugOf(unique("stale"));
  await upload(page, [{ name: `${slug}.yaml`, text: systemFile(slug, "First.") }]);
  await page.getByRole("button", { name: "Import 3 changes" }).click();
  await expect(page.getByRole("status")).toContainText("Imported: 3 created");

  // Two people preview different edits; the second confirms first.
  await upload(page, [{ name: `${slug}.yaml`, text: systemFile(slug, "Mine.") }]);
  const other = await context.newPage();
  await upload(other, [{ name: `${slug}.yaml`, text: systemFile(slug, "Theirs.") }]);
  await other.getByRole("button", { name: "Import 1 change" }).click();
  await expect(other.getByRole("status")).toContainText("Imported: 0 created, 1 updated");
  const before = await revisionsOf(slug);

  await page.getByRole("button", { name: "Import 1 change" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The portal changed since this preview was shown: nothing was imported." })).toBeVisible();
  expect(await revisionsOf(slug)).toEqual(before);
  expect(await query(`SELECT f."customerImpact" FROM "FailureMode" f JOIN "System" s ON s.id = f."systemId" WHERE s.slug = $1`, [slug])).toEqual([{ customerImpact: "Theirs." }]);
  // The preview now compares with their version.
  await expect(page.locator("li", { hasText: "Queue stuck" }).first().locator("del")).toContainText("Theirs");
});

test("import: malformed files are problems with file, place and message; nothing is written and nothing can be confirmed", async ({ page }) => {
  const slug = slugOf(unique("broken"));
  const zip = zipSync({ "../../etc/passwd": strToU8("root:x:0:0"), [`systems/${slug}.yaml`]: strToU8(systemFile(slug, "Fine.")) });
  await upload(page, [
    { name: "syntax.yaml", text: `format: runbook-portal/v1\nkind: system\nslug: ${slug}-x\nname: [unclosed\n` },
    { name: "unknown.yaml", text: systemFile(`${slug}-y`, "x").replace("    severity: SEV2\n", "    severity: SEV2\n    colour: red\n") },
    { name: "missing.yaml", text: systemFile(`${slug}-z`, "x").replace("      - drain\n", "      - no-such-procedure\n") },
    { name: "runbooks.zip", bytes: zip },
  ]);
  const problems = page.getByRole("table");
  await expect(page.getByRole("heading", { name: /problems?: nothing can be imported/ })).toBeVisible();
  await expect(problems.getByRole("row", { name: /syntax\.yaml line \d+/ })).toBeVisible();
  await expect(problems.getByRole("row", { name: /unknown\.yaml .*failureModes\[0\] Unknown field "colour"/ })).toBeVisible();
  await expect(problems.getByRole("row", { name: /missing\.yaml failureModes\[0\]\.procedures .*no-such-procedure/ })).toBeVisible();
  await expect(problems.getByRole("row", { name: /runbooks\.zip .*leaves the zip|runbooks\.zip .*outside/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Import \d+ change/ })).toHaveCount(0);
  expect(await query(`SELECT slug FROM "System" WHERE slug LIKE $1`, [`${slug}%`])).toEqual([]);
});

test("the offline bundle opens from file://: overview and alert pages without JavaScript, search with it", async ({ page, browser }) => {
  await page.goto("/export");
  const bundle = await downloaded(page, () => page.getByRole("button", { name: "Download offline bundle (.zip)" }).click());
  const root = mkdtempSync(join(tmpdir(), "runbook-bundle-"));
  for (const [path, bytes] of Object.entries(unzipSync(new Uint8Array(bundle.bytes)))) {
    if (path.endsWith("/")) continue;
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), bytes);
  }
  const folder = join(root, bundle.name.replace(/\.zip$/, ""));
  const url = (path: string) => pathToFileURL(join(folder, path)).href;

  const offline = await browser.newContext({ javaScriptEnabled: false, storageState: { cookies: [], origins: [] } });
  const reader = await offline.newPage();
  const requests: string[] = [];
  reader.on("request", (request) => requests.push(request.url()));
  await reader.goto(url("index.html"));
  await expect(reader.getByText(/Offline copy, exported \d/).first()).toBeVisible();
  await reader.getByRole("link", { name: "Invoice processing pipeline" }).click();
  await expect(reader.getByRole("heading", { level: 1, name: "Invoice processing pipeline" })).toBeVisible();
  await expect(reader.locator("main")).toContainText("aws lambda invoke");
  await reader.goto(url("alerts/InvoiceParserTimeout.html"));
  await expect(reader).toHaveURL(/systems\/invoice-pipeline\.html#fm-lambda-timeout/);
  await expect(reader.locator("#fm-lambda-timeout")).toContainText("Lambda timeout");
  expect(requests.filter((r) => !r.startsWith("file://"))).toEqual([]);
  await offline.close();

  const online = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const searcher = await online.newPage();
  await searcher.goto(url("index.html"));
  await searcher.getByLabel("Search every runbook").fill("InvoiceParserTime");
  await searcher.getByRole("link", { name: "Lambda timeout" }).first().click();
  await expect(searcher).toHaveURL(/systems\/invoice-pipeline\.html#fm-lambda-timeout/);
  await online.close();
});

test("Markdown alert runbooks (the OpenShift sample) through /import: preview with the files left out, then every alert opens its runbook", async ({ page }) => {
  const root = join(process.cwd(), "test", "fixtures", "openshift-corpus", "openshift-runbooks");
  const files: Record<string, Uint8Array> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".md")) files[relative(root, path)] = readFileSync(path);
    }
  };
  walk(join(root, "alerts"));
  await upload(page, [{ name: "openshift-runbooks.zip", bytes: zipSync(files) }]);
  await expect(page.getByRole("heading", { name: "Left out (3)" })).toBeVisible();
  await expect(page.getByText(/KubeAPIDown\.md: Only points elsewhere/)).toBeVisible();
  await expect(page.getByRole("heading", { name: /problems?:/ })).toHaveCount(0);
  await expect(page.getByTestId("import-summary")).toContainText(/^\d+ new, 0 updated, 0 deleted/);
  const etcd = page.locator("li", { hasText: "etcdMembersDown · cluster-etcd-operator" }).first();
  await expect(etcd).toContainText("new");
  await page.getByRole("button", { name: /^Import \d+ changes$/ }).click();
  await expect(page.getByRole("status")).toContainText(/Imported: \d+ created, 0 updated/);

  await page.goto("/alerts/etcdMembersDown");
  await expect(page.getByRole("heading", { level: 1, name: "etcdMembersDown" })).toBeVisible();
  await expect(page.locator("main")).toContainText("SEV?");
  await expect(page.locator("main")).toContainText("split-brain inconsistency");
  // The H1 of a runbook, where it differs from the file name, is an alert name too.
  await page.goto("/alerts/MCDRebootError");
  await expect(page.getByRole("heading", { level: 1, name: "MCDRebootError" })).toBeVisible();
  const [procedure] = await query<{ steps: { command: string }[] }>(
    `SELECT p.steps FROM "RemediationProcedure" p JOIN "System" s ON s.id = p."systemId" WHERE s.slug = 'cluster-etcd-operator' AND p.key = 'etcd-members-down-steps'`,
  );
  expect(procedure!.steps.map((step) => step.command)).toContain("oc get nodes -l node-role.kubernetes.io/master=");
  await page.goto("/");
  await expect(page.getByText(/failure modes? without a severity \(SEV\?\)/).first()).toBeVisible();
});

test("alert coverage: pasted rules show which alerts have a runbook, and come back with runbook links", async ({ page }) => {
  await page.goto("/coverage");
  await page.getByLabel("Or paste rules").fill(`# team rules
groups:
  - name: invoices
    rules:
      - alert: InvoiceParserTimeout
        expr: rate(errors[5m]) > 1
        labels:
          severity: warning
      - alert: NoRunbookForThisAlert
        expr: up == 0
        annotations:
          runbook_url: https://wiki.example.com/NoRunbookForThisAlert
`);
  await page.getByRole("button", { name: "Check coverage" }).click();
  await expect(page.getByTestId("coverage-summary")).toContainText(/^2 alerts: 1 with a runbook, 1 without; 0 with a runbook_url to this portal; \d+ stale runbooks?\.$/);
  const covered = page.getByRole("row", { name: /InvoiceParserTimeout/ });
  await expect(covered.getByRole("link", { name: "Invoice processing pipeline: Lambda timeout" })).toBeVisible();
  const uncovered = page.getByRole("row", { name: /NoRunbookForThisAlert/ });
  await expect(uncovered).toContainText("no runbook");
  await expect(uncovered).toContainText("points elsewhere");
  const rules = await downloaded(page, () => page.getByRole("button", { name: "Download rules" }).click());
  const text = rules.bytes.toString("utf8");
  expect(text).toContain("# team rules");
  expect(text).toContain(`runbook_url: ${new URL(page.url()).origin}/alerts/{{ $labels.alertname }}`);
  expect(text).toContain("runbook_url: https://wiki.example.com/NoRunbookForThisAlert");
});

test("Prometheus rules through /import: a failure mode per alert, with the severity mapping changed in the preview", async ({ page }) => {
  const name = `${slugOf(unique("rules"))}.yaml`;
  const text = readFileSync(join(process.cwd(), "test", "fixtures", "prometheus", "payments-rules.yaml"), "utf8").replace(/Payments(Api|Workers|Db)Alert/g, (whole) => `${whole}${name.slice(6, 14)}`);
  await upload(page, [{ name, text }]);
  await expect(page.getByRole("heading", { name: "Severities of the alerts" })).toBeVisible();
  await expect(page.getByLabel("critical")).toHaveValue("SEV2");
  await page.getByLabel("critical").selectOption("SEV1");
  await page.getByRole("button", { name: "Update the preview" }).click();
  await expect(page.getByLabel("critical")).toHaveValue("SEV1");
  await expect(page.getByTestId("import-summary")).toHaveText("31 new, 0 updated, 0 deleted, 0 unchanged.");
  await page.getByRole("button", { name: "Import 31 changes" }).click();
  await expect(page.getByRole("status")).toContainText("Imported: 31 created");
  const slug = name.replace(/\.yaml$/, "");
  const rows = await query<{ severity: string; n: number }>(
    `SELECT f.severity::text AS severity, count(*)::int AS n FROM "FailureMode" f JOIN "System" s ON s.id = f."systemId" WHERE s.slug = $1 GROUP BY 1 ORDER BY 1`,
    [slug],
  );
  expect(rows).toEqual([
    { severity: "SEV1", n: 12 },
    { severity: "SEV3", n: 9 },
    { severity: "SEV4", n: 9 },
  ]);
});

test("a Backstage catalog through /import, and the system back out as catalog-info.yaml linking to its runbook", async ({ page }) => {
  const slug = slugOf(unique("catalog"));
  const text = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${slug}
  title: Card vault ${slug.slice(-6)}
  description: Keeps card numbers out of every other system.
  annotations:
    runbook-portal.io/tier: "1"
  links:
    - url: https://grafana.example.com/d/vault
      title: Vault dashboard
spec:
  type: service
  lifecycle: production
  owner: group:${slug}-team
  dependsOn: [component:invoice-pipeline]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: ${slug}-team
spec:
  type: team
  profile: { displayName: Vault team ${slug.slice(-6)}, email: vault@example.com }
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: Location
metadata:
  name: more
spec:
  targets: [./other/catalog-info.yaml]
`;
  await upload(page, [{ name: "catalog-info.yaml", text }]);
  await expect(page.getByRole("heading", { name: "Left out (1)" })).toBeVisible();
  await expect(page.getByText('Location "more": only Components and Systems become systems; left out.')).toBeVisible();
  await expect(page.getByTestId("import-summary")).toHaveText(/^3 new, 0 updated, 0 deleted/);
  await page.getByRole("button", { name: "Import 3 changes" }).click();
  await expect(page.getByRole("status")).toContainText("Imported: 3 created");

  await page.goto(`/systems/${slug}`);
  await expect(page.getByRole("heading", { level: 1, name: `Card vault ${slug.slice(-6)}` })).toBeVisible();
  await expect(page.locator("main")).toContainText(`Vault team ${slug.slice(-6)}`);
  await expect(page.getByRole("link", { name: "Vault dashboard" })).toHaveAttribute("href", "https://grafana.example.com/d/vault");
  await page.locator("summary", { hasText: "Download" }).click();
  const file = await downloaded(page, () => page.getByRole("link", { name: "catalog-info.yaml" }).click());
  expect(file.name).toBe("catalog-info.yaml");
  const out = file.bytes.toString("utf8");
  const origin = new URL(page.url()).origin;
  expect(out).toContain(`runbook-portal.io/overview: ${origin}/systems/${slug}`);
  expect(out).toContain(`- url: ${origin}/systems/${slug}\n      title: Runbook`);
  expect(out).toContain(`owner: group:${slug}-team`);
  expect(out).toContain("dependsOn:\n    - component:invoice-pipeline");
});
