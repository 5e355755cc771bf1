import { contextAs, expect, seriousViolations, test } from "./fixtures";

// Every runbook page is whole HTML before any script runs: a VPN that drops scripts, a
// locked-down browser, a phone on a bad network. These tests read the pages with
// JavaScript off in the browser; a page that hid its content until a script swapped it in
// (a loading skeleton, streamed content) shows nothing here.

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("the overview shows its whole runbook", async ({ page }) => {
    await page.goto("/systems/invoice-pipeline");
    await expect(page.getByRole("heading", { level: 1, name: "Invoice processing pipeline" })).toBeVisible();
    await expect(page).toHaveTitle("Invoice processing pipeline · Runbook Portal");
    const main = page.locator("main");
    for (const text of ["Lambda timeout", "InvoiceParserTimeout", "Check logs in", "Unblock invoice processing after an outage", "aws sqs get-queue-attributes", "Dana Whitfield", "+1 555 0100", "LLM API"]) {
      await expect(main.getByText(text).first(), text).toBeVisible();
    }
    await expect(page.getByRole("region", { name: "Escalation" })).toBeVisible();
    await expect(page.getByRole("complementary", { name: "At a glance" })).toContainText("Owner");
    await expect(page.getByText("Loading…")).toHaveCount(0);
  });

  test("an alert leads to its failure mode, whole", async ({ page }) => {
    await page.goto("/alerts/InvoiceParserTimeout");
    await expect(page).toHaveURL(/\/failure-modes\/[a-z0-9]+$/);
    await expect(page.getByRole("heading", { level: 1, name: "Lambda timeout" })).toBeVisible();
    await expect(page.getByText("SEV2").first()).toBeVisible();
    await expect(page.getByRole("region", { name: "Customer impact" })).toContainText("Invoices look received but never appear.");
    const actions = page.getByRole("region", { name: "Immediate actions" });
    await expect(actions.getByRole("listitem").first()).toContainText("Check logs in /aws/lambda/invoice-parser");
    await expect(actions.getByRole("listitem")).toHaveCount(5);
    await expect(page.getByRole("region", { name: "Procedures that fix it" })).toContainText("aws lambda invoke --function-name invoice-parser-replay");
  });

  test("a procedure shows its steps and commands", async ({ page }) => {
    await page.goto("/systems/invoice-pipeline");
    await page.getByRole("region", { name: /Remediation procedures/ }).getByRole("link", { name: "Unblock invoice processing after an outage" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Unblock invoice processing after an outage" })).toBeVisible();
    const main = page.locator("main");
    await expect(main.getByText("aws sqs get-queue-attributes --queue-url <url> --attribute-names ApproximateNumberOfMessages")).toBeVisible();
    await expect(main.getByText(`aws lambda invoke --function-name invoice-parser-replay --payload '{"date": "2024-04-01"}' response.json`)).toBeVisible();
    await expect(main.getByText("Compare processed count with expected count.", { exact: true })).toBeVisible();
    await expect(main.getByText("Errors under 1%, success over 99%.").first()).toBeVisible();
  });

  test("search finds a log string, with the header's plain form", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("combobox", { name: "Search runbooks" }).fill("Task timed out after 900.00 seconds");
    await page.getByRole("combobox", { name: "Search runbooks" }).press("Enter");
    await expect(page).toHaveURL(/\/search\?q=Task\+timed\+out/);
    await expect(page.getByRole("link", { name: "Lambda timeout" }).first()).toBeVisible();
  });

  test("lists and the dashboard show their rows", async ({ page }) => {
    // Filtered by its plain GET form (other specs add failure modes meanwhile, so the first page is not the demo's).
    await page.goto("/failure-modes?q=Ads+API");
    await expect(page.getByRole("heading", { level: 1, name: "Failure modes" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Ads API rate limited" })).toBeVisible();
    await page.goto("/failure-modes?q=Lambda");
    await expect(page.getByRole("link", { name: "Lambda timeout" })).toBeVisible();

    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Needs attention" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Systems" }).getByRole("link", { name: "Invoice processing pipeline" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Recent changes" })).toBeVisible();
  });

  test("the phone menu opens and its links work", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/systems/invoice-pipeline");
    await expect(page.getByRole("link", { name: "Procedures" })).toBeHidden();
    await page.locator("summary", { hasText: "Menu" }).click();
    await page.getByRole("link", { name: "Procedures" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Remediation procedures" })).toBeVisible();
  });
});

test("signing in is a plain form post that works with JavaScript off, and says why it was refused", async ({ page, browser }) => {
  const person = await contextAs(browser, page, "Viewer");
  const plain = await browser.newContext({ javaScriptEnabled: false, storageState: { cookies: [], origins: [] } });
  const phone = await plain.newPage();
  await phone.goto("/systems/invoice-pipeline");
  await expect(phone).toHaveURL(/\/login\?callbackUrl=%2Fsystems%2Finvoice-pipeline$/);
  await phone.getByLabel("Email").fill(person.email);
  await phone.getByLabel("Password").fill("not the password at all");
  await phone.getByRole("button", { name: "Sign in" }).click();
  await expect(phone.getByRole("alert")).toHaveText("Wrong email or password, or the account is disabled.");
  await phone.goto("/login?callbackUrl=%2Fsystems%2Finvoice-pipeline");
  await phone.getByLabel("Email").fill(person.email);
  await phone.getByLabel("Password").fill(person.password);
  await phone.getByRole("button", { name: "Sign in" }).click();
  await expect(phone).toHaveURL(/\/systems\/invoice-pipeline$/);
  await expect(phone.getByRole("heading", { level: 1, name: "Invoice processing pipeline" })).toBeVisible();
  await plain.close();
  await person.context.close();
});

test("signing out is a plain form post that works with JavaScript off", async ({ page, browser }) => {
  // A person of its own: signing out ends the session, and the suite's admin must stay signed in.
  const person = await contextAs(browser, page, "Viewer");
  const other = await browser.newContext({ javaScriptEnabled: false, storageState: await person.context.storageState() });
  const leaving = await other.newPage();
  await leaving.goto("/");
  await leaving.locator("summary", { hasText: person.name }).click();
  await leaving.getByRole("button", { name: "Sign out" }).click();
  await expect(leaving).toHaveURL(/\/login\?signedOut=1$/);
  await expect(leaving.getByRole("status")).toContainText("You are signed out");
  await leaving.goto("/systems");
  await expect(leaving).toHaveURL(/\/login/);
  // The other browser held the same session: it is over there too.
  await person.page.goto("/systems");
  await expect(person.page).toHaveURL(/\/login/);
  await other.close();
  await person.context.close();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("an alert's failure mode has its severity, title, impact and first action on the first screen", async ({ page }) => {
    await page.goto("/alerts/InvoiceParserTimeout");
    await expect(page.getByRole("heading", { level: 1, name: "Lambda timeout" })).toBeVisible();
    const firstScreen = async (locator: ReturnType<typeof page.locator>, what: string) => {
      const box = await locator.boundingBox();
      expect(box, what).not.toBeNull();
      expect(box!.y, `${what} starts on the first screen`).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height, `${what} ends on the first screen`).toBeLessThanOrEqual(844);
      expect(box!.x + box!.width, `${what} fits the width`).toBeLessThanOrEqual(390);
    };
    await firstScreen(page.locator("main").getByText("SEV2").first(), "the severity");
    await firstScreen(page.getByRole("heading", { level: 1 }), "the title");
    await firstScreen(page.getByRole("region", { name: "Customer impact" }), "the customer impact");
    await firstScreen(page.getByRole("region", { name: "Immediate actions" }).getByRole("listitem").first(), "the first immediate action");
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  test("the overview lists failure modes, most severe first with their first action, before the contact cards", async ({ page }) => {
    await page.goto("/systems/invoice-pipeline");
    const failureModes = page.getByRole("region", { name: /Failure modes/ });
    const titles = failureModes.getByRole("heading", { level: 3 });
    await expect(titles).toHaveText(["Lambda timeout", "DynamoDB write errors"]);
    await expect(failureModes.getByRole("listitem").first()).toContainText("First action");
    const modes = (await failureModes.boundingBox())!;
    const owners = (await page.getByRole("complementary", { name: "At a glance" }).boundingBox())!;
    expect(modes.y + modes.height).toBeLessThanOrEqual(owners.y);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  test("the header is one line: name, search field and a menu that is a real disclosure", async ({ page }) => {
    await page.goto("/");
    const header = page.locator("header");
    expect((await header.boundingBox())!.height).toBeLessThanOrEqual(64);
    await expect(page.getByRole("combobox", { name: "Search runbooks" })).toBeVisible();
    const menu = page.locator("summary", { hasText: "Menu" });
    await expect(menu).toBeVisible();
    const readiness = header.getByRole("link", { name: "Readiness", exact: true });
    await expect(readiness).toBeHidden();
    await menu.focus();
    await page.keyboard.press("Enter");
    await expect(readiness).toBeVisible();
    expect(await page.locator("details[data-menu]:has(> summary:text('Menu'))").getAttribute("open")).not.toBeNull();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press("Escape");
    await expect(readiness).toBeHidden();
    await expect(menu).toBeFocused();
  });

  test("no serious accessibility violations at phone width", async ({ page }) => {
    for (const path of ["/systems/invoice-pipeline", "/alerts/InvoiceParserTimeout", "/failure-modes"]) {
      await page.goto(path);
      expect(await seriousViolations(page), path).toEqual([]);
    }
  });
});

test("at 1280 px the navigation, search and account fit one line", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  const header = page.locator("header");
  const summaries = header.locator("summary:visible");
  await expect(summaries).toHaveText([/Runbooks/, /Operate/, /Data/, /Ada Admin/]);
  const boxes = [...(await Promise.all((await summaries.all()).map((s) => s.boundingBox()))), await page.getByRole("combobox", { name: "Search runbooks" }).boundingBox(), await header.getByRole("link", { name: "Runbook Portal" }).boundingBox()];
  const middles = boxes.map((box) => box!.y + box!.height / 2);
  for (const middle of middles) expect(Math.abs(middle - middles[0]!)).toBeLessThanOrEqual(4);
  expect((await header.boundingBox())!.height).toBeLessThanOrEqual(64);

  // One menu open at a time; a click elsewhere closes it.
  await summaries.filter({ hasText: "Runbooks" }).click();
  await expect(header.getByRole("link", { name: "Failure modes" })).toBeVisible();
  await summaries.filter({ hasText: "Operate" }).click();
  await expect(header.getByRole("link", { name: "Failure modes" })).toBeHidden();
  await expect(header.getByRole("link", { name: "Readiness" })).toBeVisible();
  await page.getByRole("heading", { level: 1 }).click();
  await expect(header.getByRole("link", { name: "Readiness" })).toBeHidden();

  // The current page is marked in its menu.
  await page.goto("/failure-modes");
  await summaries.filter({ hasText: "Runbooks" }).click();
  await expect(header.getByRole("link", { name: "Failure modes" })).toHaveAttribute("aria-current", "page");
  expect(await seriousViolations(page)).toEqual([]);
});
