import { describe, expect, test } from "vitest";
import { contactSchema } from "@/lib/entries/contact";
import { dependencySchema } from "@/lib/entries/dependency";
import { escalationLevelSchema } from "@/lib/entries/escalation-level";
import { failureModeSchema } from "@/lib/entries/failure-mode";
import { procedureSchema } from "@/lib/entries/procedure";
import { systemSchema } from "@/lib/entries/system";
import { changeMetaSchema, createMetaSchema, fieldErrorsOf, UNSTORABLE_TEXT } from "@/lib/validation/common";
import { ENTITIES } from "@/lib/entries";
import { numbersFromForm } from "@/lib/forms";

// Each schema accepts what a filled form sends and names the field of every mistake.
// Forms send numbers as text: `form` makes them numbers as the save action does.

const form = (type: keyof typeof ENTITIES, values: Record<string, unknown>) => numbersFromForm(values, ENTITIES[type].fields);

function errorsOf(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, value: unknown) {
  const result = schema.safeParse(value);
  expect(result.success).toBe(false);
  return fieldErrorsOf(result.error as never);
}

describe("system", () => {
  test("form strings become typed values", () => {
    const parsed = systemSchema.parse(form("SYSTEM", { slug: "Invoice-Pipeline", name: " Invoices ", tier: "TIER_1", reviewIntervalDays: "30", ownerId: "", links: [{ label: "Logs", url: "https://logs.example.com" }] }));
    expect(parsed).toMatchObject({ slug: "invoice-pipeline", name: "Invoices", reviewIntervalDays: 30, ownerId: null, purpose: "" });
  });
  test("bad slug, link and interval are each reported on their field", () => {
    const errors = errorsOf(systemSchema, form("SYSTEM", { slug: "no spaces!", name: "", tier: "X", links: [{ label: "", url: "ftp://x" }], reviewIntervalDays: "0" }));
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
    const parsed = procedureSchema.parse(form("PROCEDURE", { title: "Re-run", steps: [{ instruction: "Run", command: "  kubectl rollout restart deploy/x" }], estimatedMinutes: "15" }));
    expect(parsed.steps[0]).toEqual({ instruction: "Run", command: "  kubectl rollout restart deploy/x", expectedResult: "" });
    expect(parsed.estimatedMinutes).toBe(15);
  });
  test("a step needs an instruction; minutes must be a whole number", () => {
    expect(Object.keys(errorsOf(procedureSchema, form("PROCEDURE", { title: "R", steps: [{ instruction: "", command: "ls" }], estimatedMinutes: "1.5" }))).sort()).toEqual(["estimatedMinutes", "steps.0.instruction"]);
  });
});

describe("escalation level", () => {
  test("numbers from the form, empty timings mean none", () => {
    expect(escalationLevelSchema.parse(form("ESCALATION_LEVEL", { level: "2", name: "Team lead", afterMinutes: "", expectedResponseMinutes: "15", contactIds: ["c1"] }))).toMatchObject({ level: 2, afterMinutes: null, expectedResponseMinutes: 15 });
  });
  test("level starts at 1; minutes cannot be negative", () => {
    const errors = errorsOf(escalationLevelSchema, form("ESCALATION_LEVEL", { level: "0", name: "X", afterMinutes: "-5" }));
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

describe("numbers", () => {
  // What the API and imports send: JSON (or YAML) numbers, nothing coerced.
  test.each([true, [1], "0x10", "16", "", {}])("%j is not a number where one is expected", (value) => {
    for (const [type, field] of [["SYSTEM", "reviewIntervalDays"], ["PROCEDURE", "drillIntervalDays"], ["PROCEDURE", "estimatedMinutes"], ["ESCALATION_LEVEL", "level"], ["ESCALATION_LEVEL", "afterMinutes"]] as const) {
      const result = ENTITIES[type].schema.safeParse({ slug: "s", title: "T", name: "N", tier: "TIER_1", level: 1, [field]: value });
      expect(result.success, `${type}.${field}`).toBe(false);
      expect(fieldErrorsOf(result.error!)[field]?.[0], `${type}.${field}`).toMatch(/must be a number/);
    }
  });
  test("whole JSON numbers are taken; left out, optional ones are none and the rest their default", () => {
    expect(procedureSchema.parse({ title: "T", estimatedMinutes: 16, drillIntervalDays: 30 })).toMatchObject({ estimatedMinutes: 16, drillIntervalDays: 30 });
    expect(procedureSchema.parse({ title: "T" })).toMatchObject({ estimatedMinutes: null, drillIntervalDays: 90 });
    expect(errorsOf(procedureSchema, { title: "T", estimatedMinutes: 1.5 }).estimatedMinutes).toEqual(["Estimated minutes must be a whole number"]);
  });
  test("forms: numbers as typed become numbers, \"\" is none, anything else is refused under its field", () => {
    expect(escalationLevelSchema.parse(form("ESCALATION_LEVEL", { level: " 3 ", name: "N", afterMinutes: "1e1", expectedResponseMinutes: "" }))).toMatchObject({ level: 3, afterMinutes: 10, expectedResponseMinutes: null });
    expect(errorsOf(procedureSchema, form("PROCEDURE", { title: "T", estimatedMinutes: "0x10", drillIntervalDays: "" }))).toEqual({
      estimatedMinutes: ["Estimated minutes must be a number"],
      drillIntervalDays: ["Drill interval must be a number of days"],
    });
    // Only number fields are touched: a title of digits stays text.
    expect(form("PROCEDURE", { title: "42", estimatedMinutes: "7" })).toEqual({ title: "42", estimatedMinutes: 7 });
  });
});

describe("text that cannot be stored", () => {
  const LONE = "\ud800";
  test.each([
    ["SYSTEM", { slug: "s", name: `Name ${LONE}`, tier: "TIER_1" }, "name"],
    ["SYSTEM", { slug: "s", name: "N", tier: "TIER_1", purpose: `Markdown ${LONE}` }, "purpose"],
    ["SYSTEM", { slug: "s", name: "N", tier: "TIER_1", schedule: LONE }, "schedule"],
    ["SYSTEM", { slug: "s", name: "N", tier: "TIER_1", links: [{ label: LONE, url: "https://x.example" }] }, "links.0.label"],
    ["SYSTEM", { slug: "s", name: "N", tier: "TIER_1", links: [{ label: "L", url: `https://x.example/${LONE}` }] }, "links.0.url"],
    ["SYSTEM", { slug: "s", name: "N", tier: "TIER_1", components: [{ kind: "k", name: "n", identifier: `arn:${LONE}` }] }, "components.0.identifier"],
    ["FAILURE_MODE", { title: "T", severity: "SEV1", alertNames: ["Fine", `Bad${LONE}`] }, "alertNames.1"],
    ["FAILURE_MODE", { title: "T", severity: "SEV1", immediateActions: [`\udfff first`] }, "immediateActions.0"],
    ["PROCEDURE", { title: "T", steps: [{ instruction: "Run", command: `echo ${LONE}` }] }, "steps.0.command"],
    ["PROCEDURE", { title: "T", approvalRequired: LONE }, "approvalRequired"],
    ["CONTACT", { name: "N", kind: "TEAM", pagerUrl: `https://pager.example/${LONE}` }, "pagerUrl"],
    ["CONTACT", { name: "N", kind: "TEAM", chat: `#${LONE}` }, "chat"],
    ["ESCALATION_LEVEL", { level: 1, name: "N", when: LONE }, "when"],
    ["DEPENDENCY", { name: "N", kind: "QUEUE", impact: LONE }, "impact"],
  ] as const)("%s: a lone surrogate is refused under its field", (type, values, field) => {
    expect(errorsOf(ENTITIES[type].schema, values)[field]).toEqual([UNSTORABLE_TEXT]);
  });
  test("the change note and incident reference too; a whole pair (an emoji) is fine", () => {
    expect(errorsOf(changeMetaSchema, { expectedVersion: "2", changeNote: `Fixed ${LONE}`, incidentRef: LONE })).toEqual({ changeNote: [UNSTORABLE_TEXT], incidentRef: [UNSTORABLE_TEXT] });
    expect(systemSchema.parse({ slug: "s", name: "Pager \u{1F6A8}", tier: "TIER_1" }).name).toBe("Pager 🚨");
  });
});

describe("alert names", () => {
  test.each([
    ["a control character", "Disk\u0007Full"],
    ["a C1 control character", "Disk\u0085Full"],
    ["a zero-width space", "Disk\u200bFull"],
    ["a zero-width joiner", "Disk\u200dFull"],
    ["a right-to-left override", "Disk\u202eFull"],
    ["a bidirectional isolate", "\u2066DiskFull\u2069"],
    ["a soft hyphen", "Disk\u00adFull"],
  ])("refuse %s", (_what, name) => {
    expect(errorsOf(failureModeSchema, { title: "T", severity: "SEV2", alertNames: [name] })["alertNames.0"]).toEqual([
      "Alert names cannot contain control characters or invisible ones (zero-width spaces, bidirectional marks)",
    ]);
  });
  test("whitespace other than a space is refused as spaces are; letters of any script pass", () => {
    for (const name of ["Disk\tFull", "Disk\u00a0Full", "Disk\u2028Full", "Disk\u3000Full"]) {
      expect(errorsOf(failureModeSchema, { title: "T", severity: "SEV2", alertNames: [name] })["alertNames.0"]).toEqual(["Alert names cannot contain spaces, /, ? or #"]);
    }
    expect(failureModeSchema.parse({ title: "T", severity: "SEV2", alertNames: ["ДискПолон", "ディスク満杯", "Disk-Full_2"] }).alertNames).toHaveLength(3);
  });
});

describe("a field is declared once, in its descriptor", () => {
  test.each(Object.keys(ENTITIES).filter((type) => type !== "USER"))("%s: its schemas are made of its fields: what is submitted, and what history keeps", (type) => {
    const desc = ENTITIES[type as keyof typeof ENTITIES];
    const submitted = Object.entries(desc.fields).filter(([, spec]) => spec.input).map(([name]) => name);
    expect(Object.keys(desc.schema.shape)).toEqual(submitted);
    expect(Object.keys((desc.snapshotSchema as unknown as { shape: object }).shape)).toEqual(Object.keys(desc.fields));
  });
});
