import { z } from "zod";
import { Tier } from "@/lib/generated/prisma/enums";
import { READINESS_RULE_IDS } from "@/lib/readiness/rules";
import { requiredText, text } from "./common";

export const TIER_LABELS: Record<Tier, string> = {
  TIER_1: "Tier 1 · critical",
  TIER_2: "Tier 2 · high",
  TIER_3: "Tier 3 · medium",
  TIER_4: "Tier 4 · low",
};

export const componentSchema = z.strictObject({
  kind: requiredText("Kind", 60),
  name: requiredText("Name", 200),
  identifier: text().trim().max(300).default(""),
});

export const linkSchema = z.strictObject({
  label: requiredText("Label", 100),
  url: text()
    .trim()
    .min(1, "URL is required")
    .pipe(z.url({ protocol: /^https?$/, error: "Enter a full http(s) address, e.g. https://grafana.example.com/d/abc" })),
});

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Slug is required")
  .max(80, "Slug must be at most 80 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single hyphens, e.g. invoice-pipeline");

/** A readiness check an admin marked "not applicable" for a system, and why (lib/readiness). */
export const readinessExceptionSchema = z.strictObject({
  rule: z.enum(READINESS_RULE_IDS),
  reason: text().trim().min(1, "Say why this check does not apply").max(500, "Keep the reason under 500 characters"),
});
