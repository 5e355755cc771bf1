import { expect, query, test } from "./fixtures";

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
