import { db } from "@/lib/db";
import type { PrismaClient } from "@/lib/db/client";
import { PORTAL_ACTOR } from "@/lib/auth/roles";
import { createEntity, type Tx } from "@/lib/history/entities";
import { systemSchema } from "@/lib/validation/system";
import {
  contactSchema,
  dependencySchema,
  escalationLevelSchema,
  failureModeSchema,
  procedureSchema,
} from "@/lib/validation/runbook";
import type { DemoRunbooks } from "./types";

const DAY = 24 * 60 * 60 * 1000;
const meta = { changeNote: "Demo runbook loaded on first start" };

/** True when nothing was ever written: no entries and no history. */
export async function isDatabaseEmpty(client: PrismaClient = db) {
  const [systems, contacts, revisions] = await Promise.all([client.system.count(), client.contact.count(), client.revision.count()]);
  return systems + contacts + revisions === 0;
}

/**
 * Loads runbooks through the same validation and history as the forms, so demo
 * entries have a version 1 like any other. All or nothing.
 */
export async function loadRunbooks(data: DemoRunbooks, client: PrismaClient = db) {
  await client.$transaction(
    async (tx: Tx) => {
      const create = (type: Parameters<typeof createEntity>[1], values: Record<string, unknown>) =>
        createEntity(PORTAL_ACTOR, type, values, meta, { tx });

      const contactIds = new Map<string, string>();
      for (const contact of data.contacts) {
        contactIds.set(contact.key, (await create("CONTACT", contactSchema.parse(contact))).id);
      }
      const ref = (map: Map<string, string>, key: string | undefined, what: string) => {
        if (!key) return null;
        const id = map.get(key);
        if (!id) throw new Error(`Demo data refers to unknown ${what} "${key}"`);
        return id;
      };

      const systemIds = new Map<string, string>();
      for (const demo of data.systems) {
        // zod drops the keys that are not system fields (the children, the *Key references)
        const values = systemSchema.parse({
          ...demo,
          ownerId: ref(contactIds, demo.ownerKey, "contact") ?? "",
          backupOwnerId: ref(contactIds, demo.backupOwnerKey, "contact") ?? "",
        });
        const { reviewedDaysAgo } = demo;
        const reviewed =
          reviewedDaysAgo === undefined ? {} : { lastReviewedAt: new Date(Date.now() - reviewedDaysAgo * DAY).toISOString() };
        systemIds.set(demo.slug, (await create("SYSTEM", { ...values, ...reviewed })).id);
      }

      for (const demo of data.systems) {
        const systemId = systemIds.get(demo.slug)!;
        for (const { dependsOnSlug, ...dependency } of demo.dependencies) {
          const dependsOnSystemId = ref(systemIds, dependsOnSlug, "system");
          await create("DEPENDENCY", { ...dependencySchema.parse({ ...dependency, dependsOnSystemId: dependsOnSystemId ?? "" }), systemId });
        }
        const procedureIds = new Map<string, string>();
        for (const procedure of demo.procedures) {
          procedureIds.set(procedure.key, (await create("PROCEDURE", { ...procedureSchema.parse(procedure), systemId })).id);
        }
        for (const { procedureKeys = [], ...failureMode } of demo.failureModes) {
          const ids = procedureKeys.map((key) => ref(procedureIds, key, "procedure")!);
          await create("FAILURE_MODE", { ...failureModeSchema.parse({ ...failureMode, procedureIds: ids }), systemId });
        }
        for (const { contactKeys = [], ...level } of demo.escalationLevels) {
          const ids = contactKeys.map((key) => ref(contactIds, key, "contact")!);
          await create("ESCALATION_LEVEL", { ...escalationLevelSchema.parse({ ...level, contactIds: ids }), systemId });
        }
      }
    },
    { timeout: 60_000 },
  );
}
