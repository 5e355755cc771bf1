import { strToU8 } from "fflate";
import { beforeAll, describe, expect, test } from "vitest";
import { as, editor, ifMatch, people, setUpApiDatabase } from "@/lib/api/api-test-setup";
import { db } from "@/lib/db";
import { createToken } from "@/lib/auth/tokens";
import type { UserActor } from "@/lib/auth/roles";
import { ENTITIES } from "@/lib/entries";
import { deleteEntry, saveEntry } from "@/lib/entries/save";
import { restoreRevision } from "@/lib/entries/write";
import { TeamRefusedError } from "@/lib/entries/errors";
import { approveChange, rejectChange } from "@/lib/approvals/requests";
import { startRun } from "@/lib/runs/runs";
import { exportSystem } from "@/lib/runbooks/export";
import { readRunbookFiles } from "@/lib/runbooks/read";
import { planImport } from "@/lib/runbooks/plan";
import { applyImport } from "@/lib/runbooks/apply";
import { setPortalSetting } from "@/lib/portal-settings";
import { addTeamMember } from "./teams";
import { mayEditSystem } from "./policy";
import { listReadiness } from "@/lib/readiness/facts";

// Team-scoped editing: with the setting on, an editor outside a system's owning teams is
// refused on every way to change its runbook (the forms' save path, a new entry, a delete,
// a restore, a run's "update this procedure", an import, the API, an approval) and nothing
// is written; a member, an admin, and anyone when the setting is off, may.

await setUpApiDatabase("team_scope");

const SLUG = "ad-performance-pull";
let admin: UserActor;
let outsider: UserActor;
let member: UserActor;
let memberToken: string;
let systemId: string;
let procedureId: string;
const REFUSED = "Only members of Ads team or DevOps team (the teams that own Daily ad-performance pull) and admins change this runbook; nothing was saved.";
const note = (text: string) => ({ changeNote: text, incidentRef: null });

/** Everything a refused write would leave behind. */
async function footprint() {
  return {
    revisions: await db.revision.count(),
    changeRequests: await db.changeRequest.count(),
    system: await db.system.findUniqueOrThrow({ where: { id: systemId }, select: { version: true, purpose: true } }),
  };
}

async function systemValues() {
  const row = await db.system.findUniqueOrThrow({ where: { id: systemId } });
  return { ...ENTITIES.SYSTEM.schema.parse({ ...row, components: row.components, links: row.links }), version: row.version };
}

beforeAll(async () => {
  admin = { id: people.admin.id, name: people.admin.name, role: "ADMIN" };
  outsider = { id: people.editor.id, name: people.editor.name, role: "EDITOR" };
  const created = await db.user.create({ data: { email: "member@example.com", name: "Mia Member", role: "EDITOR", passwordHash: "x" } });
  member = { id: created.id, name: created.name, role: "EDITOR" };
  memberToken = (await createToken(member, { name: "member", scope: "WRITE", expiresIn: "30" })).secret;
  const team = await saveEntry(admin, "CONTACT", {}, ENTITIES.CONTACT.schema.parse({ name: "Ads team", kind: "TEAM" }), note("The ads team"));
  const system = await db.system.findUniqueOrThrow({ where: { slug: SLUG }, select: { id: true } });
  systemId = system.id;
  const values = await systemValues();
  await saveEntry(admin, "SYSTEM", { id: systemId }, { ...values, ownerId: team.id }, { ...note("Owned by the ads team"), expectedVersion: values.version });
  await addTeamMember(admin, team.id, member.id);
  procedureId = (await db.remediationProcedure.findFirstOrThrow({ where: { systemId, deletedAt: null }, select: { id: true } })).id;
  await setPortalSetting(admin, "teamScopedEditing", true);
});

describe("an editor outside the owning team is refused everywhere, and nothing is written", () => {
  const refusals: [string, () => Promise<unknown>][] = [
    [
      "the forms' save path",
      async () => {
        const values = await systemValues();
        return saveEntry(outsider, "SYSTEM", { id: systemId }, { ...values, purpose: "Outsider was here" }, { ...note("edit"), expectedVersion: values.version });
      },
    ],
    ["a new entry of the system", () => saveEntry(outsider, "FAILURE_MODE", { systemId }, ENTITIES.FAILURE_MODE.schema.parse({ title: "Outsider's failure", severity: "SEV3" }), note("new"))],
    ["a delete", async () => deleteEntry(outsider, "PROCEDURE", procedureId, { ...note("gone"), expectedVersion: (await db.remediationProcedure.findUniqueOrThrow({ where: { id: procedureId } })).version })],
    ["a restore", async () => restoreRevision(outsider, "SYSTEM", systemId, 1, (await systemValues()).version, note("back"))],
    [
      "a run's “update this procedure”",
      async () => {
        const run = await startRun(outsider, procedureId, { kind: "DRILL", incidentRef: null });
        const procedure = await db.remediationProcedure.findUniqueOrThrow({ where: { id: procedureId } });
        const values = ENTITIES.PROCEDURE.schema.parse({ ...procedure, steps: procedure.steps });
        return saveEntry(outsider, "PROCEDURE", { id: procedureId }, { ...values, verification: "Outsider was here" }, { ...note("after the drill"), expectedVersion: procedure.version, runId: run });
      },
    ],
    [
      "an import",
      async () => {
        const file = (await exportSystem(SLUG))!;
        const read = readRunbookFiles([{ name: file.path, bytes: strToU8(file.content.replace(/^purpose: .*$/m, "purpose: Outsider was here")) }], { maxFileBytes: 5e6, maxFiles: 10, maxTotalBytes: 5e6, maxEntries: 10_000 });
        const plan = await planImport(read.documents);
        expect(plan.problems).toEqual([]);
        return applyImport(outsider, { entries: plan.entries, problems: [] });
      },
    ],
  ];

  test.each(refusals)("%s", async (_way, write) => {
    const before = await footprint();
    // An import names the file too: "ad-performance-pull.yaml: Only members of …".
    await expect(write()).rejects.toThrow(REFUSED);
    expect(await footprint()).toEqual(before);
  });

  test("the API: 403 with the reason", async () => {
    const before = await footprint();
    const answer = await editor().patch(`/api/v1/systems/${SLUG}`, { purpose: "Outsider was here", changeNote: "api" }, ifMatch(before.system.version));
    expect(answer.status).toBe(403);
    expect(JSON.stringify(answer.body)).toContain(REFUSED);
    expect(await footprint()).toEqual(before);
  });

  test("an approval: the outsider cannot apply a member's waiting change", async () => {
    await db.system.update({ where: { id: systemId }, data: { changesNeedApproval: true } });
    try {
      const values = await systemValues();
      const waiting = await saveEntry(member, "SYSTEM", { id: systemId }, { ...values, purpose: "Member's proposal" }, { ...note("proposal"), expectedVersion: values.version });
      const request = await db.changeRequest.findUniqueOrThrow({ where: { id: waiting.changeRequestId! } });
      const before = await footprint();
      await expect(approveChange(outsider, request.id, request.version, "")).rejects.toBeInstanceOf(TeamRefusedError);
      expect(await footprint()).toEqual(before);
      await rejectChange(admin, request.id, request.version, "tested");
    } finally {
      await db.system.update({ where: { id: systemId }, data: { changesNeedApproval: false } });
    }
  });
});

describe("who may", () => {
  test("a member of the owning team, by the save path and by the API; the page offers them Edit, not the outsider", async () => {
    const values = await systemValues();
    const saved = await saveEntry(member, "SYSTEM", { id: systemId }, { ...values, purpose: "Member edit" }, { ...note("member"), expectedVersion: values.version });
    expect(saved.purpose).toBe("Member edit");
    expect((await as(memberToken).patch(`/api/v1/systems/${SLUG}`, { purpose: "Member edit by API", changeNote: "api" }, ifMatch(saved.version))).status).toBe(200);
    expect(await mayEditSystem(member, systemId)).toBe(true);
    expect(await mayEditSystem(outsider, systemId)).toBe(false);
    expect(await mayEditSystem(admin, systemId)).toBe(true);
  });

  test("an admin, and any editor on a system no team owns", async () => {
    const values = await systemValues();
    expect((await saveEntry(admin, "SYSTEM", { id: systemId }, { ...values, purpose: "Admin edit" }, { ...note("admin"), expectedVersion: values.version })).purpose).toBe("Admin edit");
    const open = ENTITIES.SYSTEM.schema.parse({ slug: "nobodys-system", name: "Nobody's system", tier: "TIER_3" });
    const created = await saveEntry(outsider, "SYSTEM", {}, open, note("new"));
    const edited = await saveEntry(outsider, "SYSTEM", { id: created.id }, { ...open, purpose: "Still open" }, { ...note("open"), expectedVersion: created.version });
    expect(edited.purpose).toBe("Still open");
  });

  test("everyone, once the setting is off again", async () => {
    await setPortalSetting(admin, "teamScopedEditing", false);
    try {
      const values = await systemValues();
      expect((await saveEntry(outsider, "SYSTEM", { id: systemId }, { ...values, purpose: "Open again" }, { ...note("open"), expectedVersion: values.version })).purpose).toBe("Open again");
    } finally {
      await setPortalSetting(admin, "teamScopedEditing", true);
    }
  });
});

test("readiness lists “no owning team” while team-scoped editing is on, for systems no team owns only", async () => {
  const ids = [systemId, (await db.system.findUniqueOrThrow({ where: { slug: "nobodys-system" } })).id];
  const gaps = async () => (await listReadiness(ids)).map((system) => [system.slug, system.readiness.items.find((item) => item.rule === "team")?.detail ?? "not checked"]).sort();
  expect(await gaps()).toEqual([
    [SLUG, ""],
    ["nobodys-system", "no owning team"],
  ]);
  await setPortalSetting(admin, "teamScopedEditing", false);
  expect(await gaps()).toEqual([
    [SLUG, "not checked"],
    ["nobodys-system", "not checked"],
  ]);
  await setPortalSetting(admin, "teamScopedEditing", true);
});

describe("approvals by the team", () => {
  test("with the setting on, only another member of the owning team or an admin approves or rejects", async () => {
    await setPortalSetting(admin, "teamScopedEditing", false);
    await setPortalSetting(admin, "teamApprovals", true);
    await db.system.update({ where: { id: systemId }, data: { changesNeedApproval: true } });
    try {
      const values = await systemValues();
      const waiting = await saveEntry(outsider, "SYSTEM", { id: systemId }, { ...values, purpose: "Outsider's proposal" }, { ...note("proposal"), expectedVersion: values.version });
      const request = await db.changeRequest.findUniqueOrThrow({ where: { id: waiting.changeRequestId! } });
      const other = await db.user.create({ data: { email: "other@example.com", name: "Otto Other", role: "EDITOR", passwordHash: "x" } });
      const otto: UserActor = { id: other.id, name: other.name, role: "EDITOR" };
      await expect(approveChange(otto, request.id, request.version, "")).rejects.toThrow("Only members of Ads team or DevOps team (the teams that own Daily ad-performance pull) and admins approve or reject its changes");
      await expect(rejectChange(otto, request.id, request.version, "no")).rejects.toBeInstanceOf(TeamRefusedError);
      await approveChange(member, request.id, request.version, "fine");
      expect((await db.system.findUniqueOrThrow({ where: { id: systemId } })).purpose).toBe("Outsider's proposal");
    } finally {
      await db.system.update({ where: { id: systemId }, data: { changesNeedApproval: false } });
      await setPortalSetting(admin, "teamApprovals", false);
      await setPortalSetting(admin, "teamScopedEditing", true);
    }
  });
});
