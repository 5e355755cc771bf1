import { request as apiRequest } from "@playwright/test";
import { expect, newToken, slugOf, test, unique } from "./fixtures";

// The runbook from a terminal: `curl -H 'Accept: text/markdown'` with a token on the
// production server, as from a jump host. Every command comes back byte for byte.

const COMMANDS = [
  "kubectl -n billing rollout restart deploy/invoice_parser && kubectl -n billing rollout status deploy/invoice_parser",
  "for f in $(aws s3 ls s3://retail_invoices_prod/ | awk '{print $4}'); do\n\techo \"$f\"  \ndone",
  "echo `date -u` ``; printf '```'",
  "psql -c 'SELECT 2*3*4 AS n' && ~/deploy_all_now.sh --dry-run <<< \"yes\"",
];

test("curl with a token and Accept: text/markdown reads an alert's runbook, commands byte for byte", async ({ page, baseURL }) => {
  const writer = await apiRequest.newContext({ baseURL, storageState: { cookies: [], origins: [] }, extraHTTPHeaders: { Authorization: `Bearer ${await newToken(page, "WRITE")}` } });
  const name = unique("Terminal billing");
  const slug = slugOf(name);
  const alert = `TerminalAlert${Date.now().toString(36)}`;
  expect((await writer.post("/api/v1/systems", { data: { slug, name, tier: "TIER_2", onCall: "Billing pager" } })).status()).toBe(201);
  const procedure = await writer.post("/api/v1/procedures", {
    data: { system: slug, title: "Restart the parser", steps: COMMANDS.map((command, index) => ({ instruction: `Step ${index + 1} of the restart`, command, expectedResult: "It works." })) },
  });
  expect(procedure.status()).toBe(201);
  const procedureId = (await procedure.json()).id as string;
  const failureMode = await writer.post("/api/v1/failure-modes", {
    data: { system: slug, title: "Parser stuck", severity: "SEV1", alertNames: [alert], customerImpact: "No invoice is parsed.", immediateActions: ["Page the owner.", "Restart the parser."], procedureIds: [procedureId] },
  });
  expect(failureMode.status()).toBe(201);
  const failureModeId = (await failureMode.json()).id as string;
  await writer.dispose();

  // A read-only token, as a bot or an engineer on a jump host would use: no cookie at all.
  const curl = await apiRequest.newContext({ baseURL, storageState: { cookies: [], origins: [] }, extraHTTPHeaders: { Authorization: `Bearer ${await newToken(page, "READ")}` } });
  for (const path of [`/alerts/${alert}`, `/api/v1/alerts/${alert}`, `/failure-modes/${failureModeId}`]) {
    const answer = await curl.get(path, { headers: { Accept: "text/markdown" }, maxRedirects: 0 });
    expect(answer.status(), path).toBe(200);
    expect(answer.headers()["content-type"]).toBe("text/markdown; charset=utf-8");
    const text = await answer.text();
    expect(text.startsWith("# Parser stuck\n"), path).toBe(true);
    for (const command of COMMANDS) expect(text, `${path} holds the command as stored`).toContain(`\n${command}\n`);
    // What matters first: severity, impact and immediate actions before the procedure and who to call.
    const order = ["**Severity:** SEV1 · critical", "## Customer impact", "No invoice is parsed.", "## Immediate actions", "1. Page the owner.", "## Fix: Restart the parser", "## Who to call", "Billing pager"].map((part) => text.indexOf(part));
    expect(order.every((index) => index >= 0), path).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  }

  // ?format=md works where setting a header is awkward; the overview and the procedure have a Markdown form too.
  const overview = await (await curl.get(`/systems/${slug}?format=md`)).text();
  expect(overview.startsWith(`# ${name}\n`)).toBe(true);
  expect(overview).toContain("### SEV1 · Parser stuck");
  for (const command of COMMANDS) expect(overview).toContain(`\n${command}\n`);
  const steps = await (await curl.get(`/procedures/${procedureId}`, { headers: { Accept: "text/markdown" } })).text();
  expect(steps).toContain("**Step 2.** Step 2 of the restart");
  expect(steps).toContain(`\n${COMMANDS[1]}\n`);
  await curl.dispose();

  // Without a token or a session: 401, never the sign-in page's HTML.
  const anonymous = await apiRequest.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const refused = await anonymous.get(`/alerts/${alert}`, { headers: { Accept: "text/markdown" }, maxRedirects: 0 });
  expect(refused.status()).toBe(401);
  await anonymous.dispose();

  // The browser, signed in, still gets the page; asked for Markdown with its cookie, the Markdown.
  await page.goto(`/failure-modes/${failureModeId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Parser stuck" })).toBeVisible();
  const withCookie = await page.request.get(`/failure-modes/${failureModeId}`, { headers: { Accept: "text/markdown" } });
  expect(withCookie.headers()["content-type"]).toBe("text/markdown; charset=utf-8");
  // The page cache keeps HTML pages: a Markdown request never gets one, nor the other way round.
  const html = await page.request.get(`/failure-modes/${failureModeId}`);
  expect(html.headers()["content-type"]).toMatch(/^text\/html/);
  expect((await page.request.get(`/failure-modes/${failureModeId}?format=md`)).headers()["content-type"]).toBe("text/markdown; charset=utf-8");
});
