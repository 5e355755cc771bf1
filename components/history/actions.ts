"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { EntityType } from "@/lib/generated/prisma/enums";
import { requireRole } from "@/lib/session";
import { restoreRevision } from "@/lib/history/entities";
import { entityPath } from "@/lib/history/paths";
import { invalid, writeFailed } from "@/lib/actions";
import type { FormState } from "@/lib/forms";

const restoreSchema = z.object({
  entityType: z.enum(EntityType),
  entityId: z.string().min(1).max(40),
  version: z.coerce.number().int().min(1),
  expectedVersion: z.coerce.number().int().min(1),
  changeNote: z.string().trim().max(500).default(""),
  incidentRef: z.string().trim().max(100).default(""),
});

/** "Restore this version", for every entity type. */
export async function restoreVersion(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = Object.fromEntries(formData.entries());
  const parsed = restoreSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, {});
  const { entityType, entityId, version, expectedVersion, changeNote, incidentRef } = parsed.data;
  let path: string;
  try {
    const actor = await requireRole(entityType === "USER" ? "ADMIN" : "EDITOR");
    await restoreRevision(actor, entityType, entityId, version, expectedVersion, {
      changeNote: changeNote || `Restored version ${version}`,
      incidentRef: incidentRef || null,
    });
    path = await entityPath(entityType, entityId);
  } catch (error) {
    return writeFailed(error, {});
  }
  revalidatePath(path);
  redirect(`${path}/history?restored=${version}`);
}
