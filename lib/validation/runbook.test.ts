import { describe, expect, test } from "vitest";
import { contactSchema, dependencySchema, escalationLevelSchema, failureModeSchema, procedureSchema } from "./runbook";
import { systemSchema } from "./system";
import { changeMetaSchema, createMetaSchema, fieldErrorsOf } from "./common";

// Each schema accepts what a filled form sends and names the field of every mistake.

function errorsOf(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, value: unknown) {
  const result = schema.safeParse(value);
  expect(result.success).toBe(false);
  return fieldErrorsOf(result.error as never);
}

describe("system", () => {
  test("form strings become typed values", () => {
    const parsed = systemSchema.parse({ slug: "Invoice-Pipeline", name: " Invoices ", tier: "TIER_1", reviewIntervalDays: "30", ownerId: "", links: [{ label: "Logs", url: "https://logs.example.com" }] });
    expect(parsed).toMatchObject({ slug: "invoice-pipeline", name: "Invoices", reviewIntervalDays: 30, ownerId: null, purpose: "" });
  });
  test("bad slug, link and interval are each reported on their field", () => {
    const errors = errorsOf(systemSchema, { slug: "no spaces!", name: "", tier: "X", links: [{ label: "", url: "ftp://x" }], reviewIntervalDays: "0" });
    expect(Object.keys(errors).sort()).toEqual(["links.0.label", "links.0.url", "name", "reviewIntervalDays", "slug", "tier"]);
  });
});

describe("dependency", () => {
  test("accepts a minimal dependency and an optional system link", () => {
    expect(dependencySchema.parse({ name: "S3", kind: "CLOUD_SERVICE", dependsOnSystemId: "" })).toMatchObject({ dependsOnSystemId: null, impact: "" });
  });
  test("needs a name and a known kind", () => {
    expect(Object.keys(errorsOf(dependencySchema, { name: " ", kind: "SATELLITE" })).sort()).toEqual(["kind", "name"]);
  });
});

describe("failure mode", () => {
  test("keeps alert names and ordered immediate actions", () => {
    const parsed = failureModeSchema.parse({ title: "Timeout", severity: "SEV1", alertNames: [" InvoiceParserTimeout "], immediateActions: ["First", "Second"] });
    expect(parsed).toMatchObject({ alertNames: ["InvoiceParserTimeout"], immediateActions: ["First", "Second"], procedureIds: [] });
  });
  test("refuses alert names with spaces or slashes, duplicates ignoring case, empty steps", () => {
    expect(Object.keys(errorsOf(failureModeSchema, { title: "T", severity: "SEV2", alertNames: ["has space", "a/b"] })).sort()).toEqual(["alertNames.0", "alertNames.1"]);
    expect(errorsOf(failureModeSchema, { title: "T", severity: "SEV2", alertNames: ["Same", "same"] }).alertNames).toEqual(["Each alert name once"]);
    expect(Object.keys(errorsOf(failureModeSchema, { title: "T", severity: "SEV9", immediateActions: [" "] })).sort()).toEqual(["immediateActions.0", "severity"]);
  });
});

describe("procedure", () => {
  test("steps keep commands exactly, including leading spaces", () => {
    const parsed = procedureSchema.parse({ title: "Re-run", steps: [{ instruction: "Run", command: "  kubectl rollout restart deploy/x" }], estimatedMinutes: "15" });
    expect(parsed.steps[0]).toEqual({ instruction: "Run", command: "  kubectl rollout restart deploy/x", expectedResult: "" });
    expect(parsed.estimatedMinutes).toBe(15);
  });
  test("a step needs an instruction; minutes must be a whole number", () => {
    expect(Object.keys(errorsOf(procedureSchema, { title: "R", steps: [{ instruction: "", command: "ls" }], estimatedMinutes: "1.5" })).sort()).toEqual(["estimatedMinutes", "steps.0.instruction"]);
  });
});

describe("escalation level", () => {
  test("numbers from the form, empty timings mean none", () => {
    expect(escalationLevelSchema.parse({ level: "2", name: "Team lead", afterMinutes: "", expectedResponseMinutes: "15", contactIds: ["c1"] })).toMatchObject({ level: 2, afterMinutes: null, expectedResponseMinutes: 15 });
  });
  test("level starts at 1; minutes cannot be negative", () => {
    const errors = errorsOf(escalationLevelSchema, { level: "0", name: "X", afterMinutes: "-5" });
    expect(errors).toEqual({ level: ["Level starts at 1"], afterMinutes: ["After minutes cannot be negative"] });
  });
});

describe("contact", () => {
  test("every channel is optional but checked when given", () => {
    expect(contactSchema.parse({ name: "Dana", kind: "PERSON" })).toMatchObject({ email: "", phone: "", pagerUrl: "" });
    expect(Object.keys(errorsOf(contactSchema, { name: "Dana", kind: "PERSON", email: "dana@", phone: "call me", pagerUrl: "javascript:alert(1)" })).sort()).toEqual(["email", "pagerUrl", "phone"]);
  });
});

describe("change meta", () => {
  test("an edit needs a change note; a create defaults it", () => {
    expect(errorsOf(changeMetaSchema, { expectedVersion: "2", changeNote: " " }).changeNote).toHaveLength(1);
    expect(createMetaSchema.parse({ changeNote: "" })).toEqual({ changeNote: "Created", incidentRef: null });
  });
});
