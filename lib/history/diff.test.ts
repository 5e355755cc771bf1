import { describe as group, expect, test } from "vitest";
import { compareSnapshots } from "@/lib/history/diff";
import { describe } from "@/lib/entries";

const system = describe("SYSTEM");

group("compareSnapshots", () => {
  test("reports only the fields that changed, with word-level parts for text", () => {
    const changes = compareSnapshots(
      system,
      { name: "Invoice pipeline", purpose: "Parses uploaded invoices nightly", tier: "TIER_1" },
      { name: "Invoice pipeline", purpose: "Parses uploaded invoices on every upload", tier: "TIER_2" },
    );
    expect(changes.map((c) => c.key)).toEqual(["tier", "purpose"]);
    const purpose = changes.find((c) => c.key === "purpose")!;
    expect(purpose.words!.filter((w) => w.removed).map((w) => w.value.trim())).toEqual(["nightly"]);
    expect(purpose.words!.filter((w) => w.added).map((w) => w.value.trim()).join(" ")).toContain("every upload");
    const tier = changes.find((c) => c.key === "tier")!;
    expect([tier.before, tier.after]).toEqual(["TIER_1", "TIER_2"]);
  });

  test("lists report added and removed items, whatever the key order inside them", () => {
    const changes = compareSnapshots(
      system,
      { components: [{ kind: "Lambda", name: "parser", identifier: "invoice-parser" }, { kind: "S3", name: "raw", identifier: "b" }] },
      { components: [{ identifier: "invoice-parser", name: "parser", kind: "Lambda" }, { kind: "SQS", name: "retries", identifier: "q" }] },
    );
    expect(changes).toHaveLength(1);
    expect(changes[0]!.added).toEqual([{ kind: "SQS", name: "retries", identifier: "q" }]);
    expect(changes[0]!.removed).toEqual([{ kind: "S3", name: "raw", identifier: "b" }]);
    expect(changes[0]!.reordered).toBe(false);
  });

  test("a reordered list is a change with nothing added or removed", () => {
    const [change] = compareSnapshots(describe("FAILURE_MODE"), { immediateActions: ["a", "b"] }, { immediateActions: ["b", "a"] });
    expect(change).toMatchObject({ key: "immediateActions", added: [], removed: [], reordered: true });
  });

  test("against nothing (the first version) every filled field is a change", () => {
    const changes = compareSnapshots(system, null, { name: "X", slug: "x" });
    expect(changes.map((c) => c.key).sort()).toEqual(["name", "slug"]);
  });
});
