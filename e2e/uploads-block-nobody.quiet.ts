import type { APIRequestContext } from "@playwright/test";
import { expect, newToken, test } from "./fixtures";

// An upload made to be expensive is read in a worker thread and refused there, while the
// portal keeps answering everyone else at its usual speed. Runs alone, after every other
// spec (playwright.config.ts, project "quiet"), so the times it compares are its own.

const PAGE = "/systems";

async function timed(request: APIRequestContext) {
  const started = performance.now();
  const answer = await request.get(PAGE);
  expect(answer.status()).toBe(200);
  return performance.now() - started;
}

const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;

function rules(count: number) {
  const alerts = Array.from({ length: count }, (_, i) => `      - alert: Generated${i}Down\n        expr: up{job="gen-${i}"} == 0\n        labels:\n          severity: critical`);
  return `groups:\n  - name: generated\n    rules:\n${alerts.join("\n")}\n`;
}

const UPLOADS = [
  { what: "a file of 32,000 tiny YAML documents", file: { name: "many.yaml", content: "---\nx: 1\n".repeat(32_000) }, refusal: /32,000 YAML documents/ },
  { what: "a rules file of 20,000 alerts", file: { name: "rules.yaml", content: rules(20_000) }, refusal: /20,000 alerting rules/ },
];

for (const upload of UPLOADS) {
  test(`while ${upload.what} is refused, a page answers as fast as alone (under 2× and under 1 s)`, async ({ page }) => {
    test.setTimeout(120_000);
    const token = await newToken(page, "WRITE");
    const request = page.context().request;
    await timed(request);
    const alone: number[] = [];
    for (let i = 0; i < 15; i++) alone.push(await timed(request));

    let done = false;
    const refused = request.post("/api/v1/import", { headers: { authorization: `Bearer ${token}` }, data: { files: [upload.file] } }).finally(() => {
      done = true;
    });
    const during: number[] = [];
    while (!done || during.length < 5) during.push(await timed(request));
    const answer = await refused;
    expect(answer.status()).toBe(422);
    expect(JSON.stringify(await answer.json())).toMatch(upload.refusal);

    const [before, while_] = [median(alone), median(during)];
    expect(while_, `median ${while_.toFixed(0)} ms during the upload, ${before.toFixed(0)} ms alone (${during.length} pages during)`).toBeLessThan(Math.max(2 * before, 1));
    expect(Math.max(...during)).toBeLessThan(1_000);
  });
}
