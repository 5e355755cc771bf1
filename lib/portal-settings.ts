import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { auditEvents } from "@/lib/audit/events";
import { assertRole, type UserActor } from "@/lib/auth/roles";
import { shows } from "@/lib/data/cache-tags";
import type { Prisma } from "@/lib/generated/prisma/client";

// Settings of the whole portal, changed by admins at /admin/settings, each change audited.
// A page that reads them declares it (the page cache keeps it only until one changes).

export const PORTAL_SETTINGS = {
  teamScopedEditing: {
    label: "Team-scoped editing",
    hint: "Editors change the runbook of a system only if they are in its owning or backup team. Admins change everything; systems without an owning team stay open to every editor.",
  },
  teamApprovals: {
    label: "Approvals by the team",
    hint: "A change waiting for approval on a system with an owning team is approved by another member of that team or an admin. Off: by any other editor.",
  },
  autoOpenIncidents: {
    label: "Alerts open incidents",
    hint: "The first alert of a group that has a runbook opens an incident (ALERT-…, or the value of the RUNBOOK_INCIDENT_LABEL label), with a timeline of its alerts, runs and changes. Off: alerts still show as firing, and people open incidents by starting an incident run.",
  },
} as const;

export type SettingKey = keyof typeof PORTAL_SETTINGS;
export type PortalSettings = Record<SettingKey, boolean>;

const DEFAULTS: PortalSettings = { teamScopedEditing: false, teamApprovals: false, autoOpenIncidents: true };
const KEYS = Object.keys(PORTAL_SETTINGS) as SettingKey[];

export const settingKey = z.enum(KEYS as [SettingKey, ...SettingKey[]]);

type Reader = Pick<Prisma.TransactionClient, "setting">;

/** The settings as they are now (defaults for those never set). */
export async function portalSettings(client: Reader = db): Promise<PortalSettings> {
  shows("setting", KEYS);
  const rows = await client.setting.findMany({ where: { key: { in: KEYS } }, select: { key: true, value: true } });
  const settings = { ...DEFAULTS };
  for (const row of rows) if (typeof row.value === "boolean") settings[row.key as SettingKey] = row.value;
  return settings;
}

export async function setPortalSetting(actor: UserActor, key: SettingKey, value: boolean) {
  assertRole(actor, "ADMIN");
  await db.$transaction(async (tx) => {
    await tx.setting.upsert({ where: { key }, create: { key, value, updatedByName: actor.name }, update: { value, updatedByName: actor.name } });
    await auditEvents(tx, actor, [{ action: "settings.changed", detail: { setting: key, value } }]);
  });
}
