"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { EntityType } from "@/lib/generated/prisma/enums";
import { ConflictError } from "@/lib/entries/errors";
import { restoreRevision } from "@/lib/entries/write";
import { historyPath } from "@/lib/history/paths";
import { restoreUserVersion } from "@/lib/data/users";
import { ENTITY_ID, VERSION } from "@/lib/validation/common";
import { invalid, openForm, writeFailed } from "@/lib/form-actions";
import type { FormState } from "@/lib/forms";

const restoreSchema = z.object({
  entityType: z.enum(EntityType),
  entityId: ENTITY_ID,
  version: VERSION,
  expectedVersion: VERSION,
  changeNote: z.string().trim().max(500, "Keep the change note under 500 characters").default(""),
  incidentRef: z.string().trim().max(100, "Keep the incident reference under 100 characters").default(""),
});

/** "Restore this version", for every entity type. */
export async function restoreVersion(_previous: FormState, formData: FormData): Promise<FormState> {
  // Role check first: openForm runs requireRole("EDITOR") before the body is read (lib/form-actions.ts).
  // An account's versions are an admin's: restoreUserVersion checks that role itself.
  const form = await openForm("EDITOR", formData);
  if (!form.ok) return form.state;
  const parsed = restoreSchema.safeParse(form.values);
  if (!parsed.success) return invalid(parsed.error, {});
  const { entityType, entityId, version, expectedVersion, changeNote, incidentRef } = parsed.data;
  let path: string;
  let requested: string | undefined;
  try {
    const meta = { changeNote: changeNote || `Restored version ${version}`, incidentRef: incidentRef || null };
    const row =
      entityType === "USER"
        ? await restoreUserVersion(form.actor, entityId, version, expectedVersion, meta)
        : await restoreRevision(form.actor, entityType, entityId, version, expectedVersion, meta);
    // A gated entry (lib/approvals) is unchanged: the restore waits as a change request.
    requested = row.changeRequestId;
    path = requested ? `/approvals/${requested}` : await historyPath(entityType, entityId);
  } catch (error) {
    if (error instanceof ConflictError) {
      return { message: `Someone else changed this entry since this page was loaded (it is now version ${error.currentVersion}); nothing was restored. Reload to see their change, then restore again if you still want to.` };
    }
    return writeFailed(error, {});
  }
  revalidatePath(path);
  redirect(requested ? `${path}?opened=1` : `${path}?restored=${version}`);
}
