import { db } from "@/lib/db";
import type { PrismaClient } from "@/lib/db/client";
import { PORTAL_ACTOR } from "@/lib/auth/roles";
import { createEntities } from "@/lib/history/entities";
import { type Tx } from "@/lib/history/snapshots";
import { systemSchema } from "@/lib/validation/system";
import {
  contactSchema,
  dependencySchema,
  escalationLevelSchema,
  failureModeSchema,
  procedureSchema,
} from "@/lib/validation/runbook";
import { recordPastRun } from "@/lib/runs/runs";
import type { DemoRunbooks } from "./types";

const DAY = 24 * 60 * 60 * 1000;
const meta = { changeNote: "Demo runbook loaded on first start" };

/** True when nothing was ever written: no entries and no history. */
export async function isDatabaseEmpty(client: PrismaClient | Tx = db) {
  const [systems, contacts, revisions] = await Promise.all([client.system.count(), client.contact.count(), client.revision.count()]);
  return systems + contacts + revisions === 0;
}

/** Held while the demo runbooks are loaded on first start: two portals starting at once on one database load them once. */
const FIRST_START_LOCK = 72707370;

/**
 * Loads `data` only into an empty database (see isDatabaseEmpty), in one transaction
 * that holds a lock from the check to the commit: when several portals start together on
 * one database, one loads and the others find it filled. Returns whether it loaded.
 */
export async function loadRunbooksIfEmpty(data: DemoRunbooks, client: PrismaClient = db): Promise<boolean> {
  return client.$transaction(
    async (tx: Tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FIRST_START_LOCK})`;
      if (!(await isDatabaseEmpty(tx))) return false;
      await loadInto(tx, data);
      return true;
    },
    { timeout: 5 * 60_000 },
  );
}

/**
 * Loads runbooks through the same validation and history as the forms, so demo
 * entries have a version 1 like any other. All or nothing.
 */
export async function loadRunbooks(data: DemoRunbooks, client: PrismaClient = db) {
  await client.$transaction((tx: Tx) => loadInto(tx, data), { timeout: 5 * 60_000 });
}

async function loadInto(tx: Tx, data: DemoRunbooks) {
  const create = async (type: Parameters<typeof createEntities>[1], list: Record<string, unknown>[]) =>
    // The runbooks as loaded are the starting point: a system's approval policy applies to changes after.
    (await createEntities(PORTAL_ACTOR, type, list.map((values) => ({ values, meta })), { tx, approval: { ungated: true } })).map((row) => row.id);
  const ref = (map: Map<string, string>, key: string | undefined, what: string) => {
    if (!key) return null;
    const id = map.get(key);
    if (!id) throw new Error(`Demo data refers to unknown ${what} "${key}"`);
    return id;
  };
  const byKey = (keys: string[], ids: string[]) => new Map(keys.map((key, index) => [key, ids[index]!]));

  const contactIds = byKey(
    data.contacts.map((c) => c.key),
    await create("CONTACT", data.contacts.map((contact) => contactSchema.parse(contact))),
  );
  const systems = data.systems.map((demo) => {
    // zod drops the keys that are not system fields (the children, the *Key references)
    const values = systemSchema.parse({
      ...demo,
      ownerId: ref(contactIds, demo.ownerKey, "contact") ?? "",
      backupOwnerId: ref(contactIds, demo.backupOwnerKey, "contact") ?? "",
    });
    const { reviewedDaysAgo, changesNeedApproval = false } = demo;
    return { ...values, changesNeedApproval, ...(reviewedDaysAgo === undefined ? {} : { lastReviewedAt: new Date(Date.now() - reviewedDaysAgo * DAY).toISOString() }) };
  });
  const systemIds = byKey(data.systems.map((s) => s.slug), await create("SYSTEM", systems));
  const children = <T,>(list: (demo: DemoRunbooks["systems"][number]) => T[]) =>
    data.systems.flatMap((demo) => list(demo).map((child) => ({ child, demo, systemId: systemIds.get(demo.slug)! })));

  await create(
    "DEPENDENCY",
    children((demo) => demo.dependencies).map(({ child: { dependsOnSlug, ...dependency }, systemId }) => ({
      ...dependencySchema.parse({ ...dependency, dependsOnSystemId: ref(systemIds, dependsOnSlug, "system") ?? "" }),
      systemId,
    })),
  );
  const procedures = children((demo) => demo.procedures);
  const procedureIds = byKey(
    procedures.map(({ child, demo }) => `${demo.slug}/${child.key}`),
    await create("PROCEDURE", procedures.map(({ child, systemId }) => ({ ...procedureSchema.parse(child), systemId }))),
  );
  // Past drills and an incident run, so a new portal shows what runs look like.
  for (const { child, demo } of procedures) {
    for (const { daysAgo, ...run } of child.runs ?? []) {
      await recordPastRun(tx, PORTAL_ACTOR, procedureIds.get(`${demo.slug}/${child.key}`)!, { ...run, startedAt: new Date(Date.now() - daysAgo * DAY) });
    }
  }
  await create(
    "FAILURE_MODE",
    children((demo) => demo.failureModes).map(({ child: { procedureKeys = [], ...failureMode }, demo, systemId }) => ({
      ...failureModeSchema.parse({ ...failureMode, procedureIds: procedureKeys.map((key) => ref(procedureIds, `${demo.slug}/${key}`, "procedure")!) }),
      systemId,
    })),
  );
  await create(
    "ESCALATION_LEVEL",
    children((demo) => demo.escalationLevels).map(({ child: { contactKeys = [], ...level }, systemId }) => ({
      ...escalationLevelSchema.parse({ ...level, contactIds: contactKeys.map((key) => ref(contactIds, key, "contact")!) }),
      systemId,
    })),
  );
}
