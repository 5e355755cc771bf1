import { expect, test } from "./fixtures";

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
