import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { zipSync } from "fflate";
import { expect, newToken, query, test } from "./fixtures";
import { bigSystemFiles } from "./big-system";

function pageCount(pdf: Buffer) {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

for (const slug of ["invoice-pipeline", "ad-performance-pull"]) {
  test(`the print view of ${slug} fits on one A4 page and one Letter page`, async ({ page }) => {
    await page.goto(`/systems/${slug}/print`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const main = page.locator("main");
    await expect(main).toContainText("Failure modes");
    await expect(main).toContainText("Escalation");
    await expect(main).toContainText("Key contacts");
    await expect(main).toContainText(/Version \d+ · last reviewed/);
    await expect(page.getByRole("button", { name: "Print this page" })).toBeVisible();

    for (const format of ["A4", "Letter"] as const) {
      const pdf = await page.pdf({ format, printBackground: true });
      expect(pageCount(pdf), `${format} pages`).toBe(1);
    }
  });
}

test("the print view holds every failure mode with its alert names and the procedure commands", async ({ page }) => {
  await page.goto("/systems/invoice-pipeline/print");
  const main = page.locator("main");
  for (const text of ["Lambda timeout", "InvoiceParserTimeout", "DynamoDB write errors", "InvoiceParserErrors", "aws lambda invoke", "L3"]) {
    await expect(main).toContainText(text);
  }
});

for (const slug of ["invoice-pipeline", "ad-performance-pull"]) {
  test(`the overview and the print view of ${slug} show every part of its runbook`, async ({ page }) => {
    const parts = await query<{ text: string }>(
      `SELECT d.name AS text FROM "Dependency" d JOIN "System" s ON s.id = d."systemId" WHERE s.slug = $1 AND d."deletedAt" IS NULL
       UNION ALL SELECT f.title FROM "FailureMode" f JOIN "System" s ON s.id = f."systemId" WHERE s.slug = $1 AND f."deletedAt" IS NULL
       UNION ALL SELECT unnest(f."alertNames") FROM "FailureMode" f JOIN "System" s ON s.id = f."systemId" WHERE s.slug = $1 AND f."deletedAt" IS NULL
       UNION ALL SELECT p.title FROM "RemediationProcedure" p JOIN "System" s ON s.id = p."systemId" WHERE s.slug = $1 AND p."deletedAt" IS NULL
       UNION ALL SELECT e.name FROM "EscalationLevel" e JOIN "System" s ON s.id = e."systemId" WHERE s.slug = $1 AND e."deletedAt" IS NULL
       UNION ALL SELECT c.name FROM "Contact" c JOIN "_ContactToEscalationLevel" ce ON ce."A" = c.id JOIN "EscalationLevel" e ON e.id = ce."B"
                 JOIN "System" s ON s.id = e."systemId" WHERE s.slug = $1
       UNION ALL SELECT c.name FROM "Contact" c JOIN "System" s ON c.id IN (s."ownerId", s."backupOwnerId") WHERE s.slug = $1`,
      [slug],
    );
    expect(parts.length).toBeGreaterThan(10);
    for (const path of [`/systems/${slug}`, `/systems/${slug}/print`]) {
      await page.goto(path);
      const main = page.locator("main");
      for (const { text } of parts) await expect(main, `${path} shows ${text}`).toContainText(text);
    }
  });
}

async function importFiles(page: import("@playwright/test").Page, files: { name: string; content: string; encoding?: "base64" }[]) {
  const answer = await page.request.post("/api/v1/import", { data: { files, apply: true }, headers: { Authorization: `Bearer ${await newToken(page, "WRITE")}` } });
  expect(answer.status(), await answer.text()).toBeLessThan(300);
}

async function expectOnePage(page: import("@playwright/test").Page, what: string) {
  for (const format of ["A4", "Letter"] as const) {
    const pdf = await page.pdf({ format, printBackground: true });
    expect(pageCount(pdf), `${what} on ${format}`).toBe(1);
  }
}

test("a system far bigger than a page prints on one A4 and one Letter page, keeping what matters at 2am and saying what it left out", async ({ page, browser }) => {
  test.slow(); // imports a system of 40 failure modes and 20 procedures of 15 steps
  const { slug, files } = bigSystemFiles(Date.now().toString(36));
  await importFiles(page, files);
  await page.goto(`/systems/${slug}/print`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Big generated system/);
  await expectOnePage(page, "the big system");

  const sheet = page.locator("[data-print-sheet]");
  await expect(sheet).toContainText("Owner: Person 0 of");
  await expect(sheet).toContainText("On call:");
  // Every level of the escalation ladder, with a way to reach its contacts.
  for (let level = 1; level <= 8; level++) await expect(sheet).toContainText(`L${level} Level ${level}:`);
  await expect(sheet).toContainText(/L1 Level 1: On-call engineer · after 0 min · responds ≤5 min · Person 0 of \S+ \(\+1 555 0100\)/);
  // Failure modes, most severe first, each with its alert names and first action.
  const rows = sheet.locator("tbody tr:visible");
  expect(await rows.count()).toBeGreaterThanOrEqual(3);
  // The rows shown are the first of the system's failure modes in order of severity: what is left out is the least severe.
  const ordered = await query<{ title: string }>(
    `SELECT f.title FROM "FailureMode" f JOIN "System" s ON s.id = f."systemId" WHERE s.slug = $1 ORDER BY f.severity, f.title`,
    [slug],
  );
  const titles = await rows.locator("td:nth-child(2) > span.font-bold").allTextContents();
  expect(titles).toEqual(ordered.slice(0, titles.length).map((row) => row.title));
  expect((await rows.locator("td:first-child").allTextContents()).every((severity) => severity === "SEV1")).toBe(true);
  await expect(rows.first()).toContainText(/\[Big\w+Alert0, Big\w+AlertSecondary0\]/);
  await expect(rows.first().locator("li").first()).toContainText("When the parser stalls");
  // What did not fit is said in words, with the address of the whole runbook.
  const note = sheet.locator("[data-left-out]");
  await expect(note).toBeVisible();
  await expect(note).toHaveText(new RegExp(`^\\+ \\d+ more failure modes, \\d+ procedures, 10 dependencies(, the components)?(,| and) the contact list: full runbook at http://[^/]+/systems/${slug}$`));
  const shown = await rows.count();
  expect(await note.textContent()).toContain(`+ ${40 - shown} more failure modes`);
  // Nested lists flattened with their own numbers; identifiers intact; no "SEV?" on paper.
  const text = (await sheet.textContent())!;
  expect(text).not.toMatch(/\d\.\s*\d\.\s/);
  expect(text).toContain("retail_invoices_prod");
  expect(text).toContain("~/deploy_all_now.sh");
  expect(text).not.toContain("SEV?");

  // Should the estimate fall short (other fonts than the server assumed), the page leaves out more by itself, in the same order, before printing.
  const before = await rows.count();
  await page.evaluate(() => {
    const filler = document.createElement("div");
    filler.style.height = "60mm";
    document.querySelector("[data-print-body] table")!.before(filler);
    window.dispatchEvent(new Event("beforeprint"));
  });
  const after = await rows.count();
  expect(after).toBeLessThan(before);
  await expect(note).toContainText(`+ ${40 - after} more failure modes`);
  expect(await rows.locator("td:nth-child(2) > span.font-bold").allTextContents()).toEqual(titles.slice(0, after));
  await expectOnePage(page, "the big system, measured again");

  // Without scripts, the sheet is still one page and says what it left out.
  const plain = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  const still = await plain.newPage();
  await still.goto(`/systems/${slug}/print`);
  await expect(still.locator("[data-left-out]")).toContainText("more failure modes");
  await expectOnePage(still, "the big system without scripts");
  await plain.close();
});

test("every system of the imported OpenShift runbook sample prints on one page, with no SEV? and no doubled numbers", async ({ page }) => {
  test.slow(); // imports 70 real runbooks
  const tag = `p${Date.now().toString(36)}`;
  const root = join(process.cwd(), "test", "fixtures", "openshift-corpus", "openshift-runbooks", "alerts");
  const files: Record<string, Uint8Array> = {};
  for (const folder of readdirSync(root)) {
    for (const name of readdirSync(join(root, folder)).filter((file) => file.endsWith(".md"))) {
      const alert = name.replace(/\.md$/, "");
      // New folders and alert names: other specs import the same sample under its own names.
      const text = readFileSync(join(root, folder, name), "utf8").replace(/^# (\S+)/m, `# $1${tag}`);
      files[`alerts/${tag}-${folder}/${alert}${tag}.md`] = new TextEncoder().encode(text);
    }
  }
  await importFiles(page, [{ name: "openshift-sample.zip", content: Buffer.from(zipSync(files)).toString("base64"), encoding: "base64" }]);
  const systems = await query<{ slug: string; modes: number }>(
    `SELECT s.slug, count(f.id)::int AS modes FROM "System" s JOIN "FailureMode" f ON f."systemId" = s.id AND f."deletedAt" IS NULL WHERE s.slug LIKE $1 GROUP BY s.slug ORDER BY s.slug`,
    [`${tag}-%`],
  );
  expect(systems.length).toBe(5);
  for (const { slug, modes } of systems) {
    await page.goto(`/systems/${slug}/print`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectOnePage(page, slug);
    const sheet = page.locator("[data-print-sheet]");
    const text = (await sheet.textContent())!;
    expect(text, slug).not.toContain("SEV?");
    expect(text, slug).toContain("severity not set");
    expect(text, slug).not.toMatch(/\d\.\s*\d\.\s/);
    const rows = await sheet.locator("tbody tr:visible").count();
    if (rows < modes) await expect(sheet.locator("[data-left-out]"), slug).toContainText(`+ ${modes - rows} more failure mode`);
  }
});
