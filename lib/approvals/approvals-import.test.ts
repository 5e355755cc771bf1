import { expect, test } from "vitest";
import { meta, people, procedureValues, setUpApprovalsDatabase } from "./approvals-test-setup";

// Four-eyes approval, against a real database: the same gate on imports (changed and new
// entries wait as change requests, and the preview says so), on the policy itself, and on
// alert names a gated system's failure mode lists.

const { db, fixture, events } = await setUpApprovalsDatabase("approvals_import");
const { saveEntry } = await import("@/lib/entries/save");
const { WriteRejectedError } = await import("@/lib/entries/errors");
const { getEntitySnapshot } = await import("@/lib/entries/snapshot");
const { ForbiddenError } = await import("@/lib/auth/roles");
const { setApprovalPolicy } = await import("./settings");
const { approveChange, rejectChange } = await import("./requests");
const { planImport } = await import("@/lib/runbooks/plan");
const { applyImport } = await import("@/lib/runbooks/apply");
const { readRunbookFiles } = await import("@/lib/runbooks/read");

test("the policy is an admin's setting, kept out of restores; an import that touches gated entries opens change requests and says so in its preview", async () => {
  const { system, procedure } = await fixture("imported", true);
  await expect(setApprovalPolicy(people.ann, system.id, system.version, false, "")).rejects.toBeInstanceOf(ForbiddenError);
  expect((await events("settings.changed")).at(-1)).toMatchObject({ actorId: people.admin.id, systemId: system.id, detail: expect.objectContaining({ setting: "changesNeedApproval", value: true }) });

  const file = [
    "format: runbook-portal/v1",
    "kind: system",
    `slug: ${system.slug}`,
    `name: ${system.name}`,
    "tier: TIER_1",
    "purpose: Imported purpose.",
    "procedures:",
    "  - key: drain",
    "    title: Drain (imported)",
    "    steps:",
    "      - instruction: Drain the queue",
    "        command: queue drain",
    "        expectedResult: 0 messages",
    "",
  ].join("\n");
  const key = (await db.remediationProcedure.findUniqueOrThrow({ where: { id: procedure.id } })).key;
  const read = readRunbookFiles([{ name: "imported.yaml", bytes: new TextEncoder().encode(file.replace("key: drain", `key: ${key}`)) }]);
  expect(read.problems).toEqual([]);
  const plan = await planImport(read.documents);
  expect(plan.problems).toEqual([]);
  const changing = plan.entries.filter((e) => e.status === "update");
  expect(changing.map((e) => [e.ref.type, e.needsApproval])).toEqual(expect.arrayContaining([["SYSTEM", true], ["PROCEDURE", true]]));
  const result = await applyImport(people.ann, plan);
  expect(result).toMatchObject({ updated: 0, requested: changing.length });
  expect((await getEntitySnapshot("SYSTEM", system.id))!.snapshot.purpose).toBe("");
  expect(await db.changeRequest.count({ where: { systemId: system.id, status: "PENDING", authorId: people.ann.id } })).toBe(changing.length);
  expect((await events("import.applied")).at(-1)).toMatchObject({ actorId: people.ann.id, detail: expect.objectContaining({ requested: changing.length }) });
  // A second editor can still not slip a change past the waiting ones.
  await expect(saveEntry(people.ben, "PROCEDURE", { id: procedure.id }, procedureValues("Sneaky"), meta("x", 1))).rejects.toBeInstanceOf(WriteRejectedError);
});

test("an import's new entries in a gated system wait as change requests; one that links a procedure new in the same import is a problem of the files", async () => {
  const { system, procedure } = await fixture("imported-new", true);
  const key = (await db.remediationProcedure.findUniqueOrThrow({ where: { id: procedure.id } })).key;
  const yaml = (failureModeLinks: string) =>
    [
      "format: runbook-portal/v1",
      "kind: system",
      `slug: ${system.slug}`,
      `name: ${system.name}`,
      "tier: TIER_1",
      "procedures:",
      `  - key: ${key}`,
      "    title: Drain",
      "    steps:",
      "      - instruction: Drain the queue",
      "        command: queue drain",
      "        expectedResult: 0 messages",
      "  - key: purge",
      "    title: Purge the dead letters",
      "failureModes:",
      "  - key: stuck",
      "    title: Queue stuck",
      "    severity: SEV2",
      `    procedures: [${failureModeLinks}]`,
      "",
    ].join("\n");
  const plan = async (text: string) => planImport(readRunbookFiles([{ name: "new.yaml", bytes: new TextEncoder().encode(text) }]).documents);

  const linked = await plan(yaml(`${key}, purge`));
  expect(linked.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^Links purge, new in this import in a system that needs approval/)]);

  const fine = await plan(yaml(key));
  expect(fine.problems).toEqual([]);
  expect(fine.entries.filter((e) => e.status === "create").map((e) => [e.ref.type, e.ref.name, e.needsApproval])).toEqual(
    expect.arrayContaining([
      ["PROCEDURE", "purge", true],
      ["FAILURE_MODE", "stuck", true],
    ]),
  );
  expect(fine.entries.filter((e) => e.status === "create")).toHaveLength(2);
  const result = await applyImport(people.ann, fine);
  expect(result).toMatchObject({ created: 0, requested: 2 });
  expect(await db.failureMode.count({ where: { systemId: system.id } })).toBe(0);
  expect(await db.changeRequest.count({ where: { systemId: system.id, kind: "CREATE", status: "PENDING" } })).toBe(2);
});

test("an alert name a gated system's failure mode lists is added elsewhere only with approval, through the page's writer and the import; /alerts prefers the gated one at the same severity", async () => {
  const guarded = await fixture("alert-guarded", true);
  const created = await saveEntry(people.ann, "FAILURE_MODE", { systemId: guarded.system.id }, { title: "Payments down", severity: "SEV2", alertNames: ["PaymentsDown"] }, { changeNote: "new", incidentRef: null });
  const request = await db.changeRequest.findUniqueOrThrow({ where: { id: created.changeRequestId! } });
  await approveChange(people.ben, request.id, request.version, "");
  const open = await fixture("alert-open", false);

  // The page's save path: a new failure mode claiming the alert waits; so does an edit that adds it.
  const hijack = await saveEntry(people.cat, "FAILURE_MODE", { systemId: open.system.id }, { title: "Not really payments", severity: "SEV1", alertNames: ["paymentsdown"] }, { changeNote: "new", incidentRef: null });
  expect(hijack.changeRequestId).toBeTruthy();
  expect(await db.failureMode.count({ where: { systemId: open.system.id } })).toBe(0);
  const plain = await saveEntry(people.cat, "FAILURE_MODE", { systemId: open.system.id }, { title: "Disk full", severity: "SEV2", alertNames: ["DiskFull"] }, { changeNote: "new", incidentRef: null });
  expect(plain.changeRequestId).toBeUndefined();
  const edited = await saveEntry(people.cat, "FAILURE_MODE", { id: plain.id }, { title: "Disk full", severity: "SEV2", alertNames: ["DiskFull", "PaymentsDown"] }, meta("also this", 1));
  expect(edited.changeRequestId).toBeTruthy();
  expect((await db.failureMode.findUniqueOrThrow({ where: { id: plain.id } })).alertNames).toEqual(["DiskFull"]);
  // An edit that keeps the names it had saves at once.
  expect((await saveEntry(people.ben, "FAILURE_MODE", { id: plain.id }, { title: "Disk full (root)", severity: "SEV2", alertNames: ["DiskFull"] }, meta("title", 1))).changeRequestId).toBeUndefined();

  // The import: a rules-free runbook file listing the alert opens a request, applies nothing.
  const file = ["format: runbook-portal/v1", "kind: system", `slug: ${open.system.slug}`, `name: ${open.system.name}`, "tier: TIER_1", "failureModes:", "  - key: sneaky", "    title: Sneaky", "    severity: SEV1", "    alertNames: [PaymentsDown]", ""].join("\n");
  const plan = await planImport(readRunbookFiles([{ name: "sneaky.yaml", bytes: new TextEncoder().encode(file) }]).documents);
  expect(plan.problems).toEqual([]);
  // The preview says so before anything is written.
  expect(plan.entries.filter((e) => e.needsApproval).map((e) => [e.ref.type, e.ref.name])).toEqual([["FAILURE_MODE", "sneaky"]]);
  expect(await applyImport(people.cat, plan)).toMatchObject({ created: 0, requested: 1 });
  expect(await db.failureMode.count({ where: { systemId: open.system.id, key: "sneaky" } })).toBe(0);

  // Approved, both list the alert; at the same severity the gated system's comes first, each shown with its system.
  const { findFailureModesByAlert } = await import("@/lib/data/failure-modes");
  const waiting = await db.changeRequest.findUniqueOrThrow({ where: { id: edited.changeRequestId! } });
  await rejectChange(people.ben, waiting.id, waiting.version, "not this alert");
  const sameSeverity = await saveEntry(people.admin, "FAILURE_MODE", { systemId: open.system.id }, { title: "Another payments view", severity: "SEV2", alertNames: ["PaymentsDown"] }, { changeNote: "new", incidentRef: null });
  const second = await db.changeRequest.findUniqueOrThrow({ where: { id: sameSeverity.changeRequestId! } });
  await approveChange(people.ben, second.id, second.version, "");
  const matches = await findFailureModesByAlert("PaymentsDown");
  expect(matches.map((m) => [m.title, m.system.slug])).toEqual([
    ["Payments down", "alert-guarded"],
    ["Another payments view", "alert-open"],
  ]);
});
