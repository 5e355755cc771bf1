import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { zipSync } from "fflate";
import { expect, query, slugOf, test, unique } from "./fixtures";
import { downloaded, upload } from "./runbooks-as-code-helpers";

// Runbooks as code through the browser, from the other tools teams keep them in: Markdown
// alert runbooks, Prometheus rules (and the coverage of pasted rules), a Backstage catalog.

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
  await expect(page.getByTestId("coverage-summary")).toContainText(/^2 alerts \(2 rules\): 1 with a runbook, 1 without; 0 with a runbook_url to this portal; \d+ stale runbooks?\.$/);
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
