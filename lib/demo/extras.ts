import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { slugSchema } from "@/lib/validation/system";
import { entryKey } from "@/lib/validation/common";
import { DEMO_DIR } from "./set";

// demo/extras.yaml: what the demo needs beyond its runbook files, relative to the day it
// is loaded (see the file's own header).

const step = z.strictObject({
  outcome: z.enum(["DONE", "FAILED", "SKIPPED"]),
  minutes: z.number().int().min(0),
  reason: z.string().optional(),
  observed: z.string().optional(),
});

const pastRun = z.strictObject({
  procedure: entryKey,
  daysAgo: z.number().int().min(0),
  kind: z.enum(["DRILL", "INCIDENT"]),
  incidentRef: z.string().optional(),
  status: z.enum(["RESOLVED", "PARTLY_RESOLVED", "ABANDONED"]),
  summary: z.string().optional(),
  steps: z.array(step),
});

const extrasSchema = z.strictObject({
  systems: z.record(
    slugSchema,
    z.strictObject({
      /** days before the load the system was last reviewed */
      reviewedDaysAgo: z.number().int().min(0).optional(),
      /** the approval policy (lib/approvals), which files do not carry */
      changesNeedApproval: z.boolean().optional(),
      runs: z.array(pastRun).default([]),
    }),
  ),
});

export type Extras = z.infer<typeof extrasSchema>;

export function demoExtras(): Extras {
  return extrasSchema.parse(parse(readFileSync(join(DEMO_DIR, "extras.yaml"), "utf8")));
}
