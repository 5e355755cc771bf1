import "server-only";
import { z } from "zod";
import { apiCaller } from "./auth";
import { ApiProblem, readJson, validate } from "./http";
import { coverageReport } from "@/lib/runbooks/coverage";
import { TooComplexError } from "@/lib/runbooks/off-thread";
import { portalAddressFrom } from "@/lib/http/portal-address";

// POST /api/v1/coverage: which alerts of these Prometheus rules files have a runbook here,
// the same check as /coverage and `npm run coverage`, counted by alert name (an alert
// defined by several rules is one alert, its rules inside). Reads only.

export const coverageBody = z.strictObject({
  files: z
    .array(z.strictObject({ name: z.string().trim().min(1).max(200).describe("The file's name, as problems name it"), content: z.string().max(2_000_000).describe("The rules file's YAML") }))
    .min(1, { error: "Send at least one rules file" })
    .max(50, { error: "Check at most 50 rules files at once" }),
});

const rule = z.object({
  file: z.string(),
  group: z.string(),
  severity: z.string().nullable(),
  for: z.string().nullable(),
  url: z.enum(["portal", "elsewhere", "none"]).describe("Where the rule's runbook_url points"),
  runbookUrl: z.string().nullable(),
});

export const coverageResultSchema = z.object({
  counts: z.object({
    alerts: z.number().int().describe("Distinct alert names"),
    rules: z.number().int().describe("Alerting rules"),
    covered: z.number().int(),
    uncovered: z.number().int(),
    pointingHere: z.number().int().describe("Alerts whose every rule's runbook_url points to this portal"),
    stale: z.number().int().describe("Failure modes listing an alert no rule raises"),
  }),
  alerts: z.array(
    z.object({
      name: z.string(),
      status: z.enum(["covered", "uncovered"]),
      runbooks: z.array(z.object({ id: z.string(), title: z.string(), system: z.string() })),
      rules: z.array(rule),
    }),
  ),
  stale: z.array(z.object({ id: z.string(), title: z.string(), system: z.string(), alertNames: z.array(z.string()) })),
  problems: z.array(z.object({ file: z.string(), where: z.string(), message: z.string() })),
});

export async function checkCoverage(request: Request): Promise<Response> {
  await apiCaller(request);
  const { files } = validate(coverageBody, await readJson(request), "These rules files cannot be checked");
  try {
    const report = await coverageReport(files.map((file) => ({ name: file.name, text: file.content })), portalAddressFrom(request.headers));
    // Not the rules rewritten with runbook links (the page's download): the report only.
    return Response.json({ counts: report.counts, alerts: report.alerts, stale: report.stale, problems: report.problems });
  } catch (error) {
    if (error instanceof TooComplexError) throw new ApiProblem({ title: "Too complex to check", status: 422, detail: error.message });
    throw error;
  }
}
