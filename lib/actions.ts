import "server-only";
import type { z } from "zod";
import type { EntityType } from "@/lib/generated/prisma/enums";
import { ForbiddenError } from "@/lib/auth/roles";
import { ConflictError, getRevisionSnapshot, listRevisionAuthorsSince, NotFoundError, WriteRejectedError } from "@/lib/history/entities";
import { compareSnapshots } from "@/lib/history/diff";
import { describe } from "@/lib/history/registry";
import { namesForIds } from "@/lib/data/systems";
import { fieldErrorsOf } from "@/lib/validation/common";
import type { ConflictInfo, FormState } from "@/lib/forms";

// Shared plumbing for server actions: validation results and write errors become a
// FormState the form can show, with the user's input kept.

export function invalid(error: z.ZodError, values: Record<string, unknown>): FormState {
  return { fieldErrors: fieldErrorsOf(error), message: "Some fields need attention; nothing was saved.", values };
}

async function conflictInfo(type: EntityType, id: string, error: ConflictError): Promise<ConflictInfo> {
  const base = await getRevisionSnapshot(type, id, error.expectedVersion);
  const changes = compareSnapshots(describe(type), base, error.current);
  const ids = changes.flatMap((c) => [c.before, c.after]).flat().filter((v): v is string => typeof v === "string" && /^c[a-z0-9]{20,}$/.test(v));
  return {
    yourVersion: error.expectedVersion,
    currentVersion: error.currentVersion,
    changes,
    authors: await listRevisionAuthorsSince(type, id, error.expectedVersion),
    names: Object.fromEntries(await namesForIds(ids)),
  };
}

/** Maps what a write can throw to what the person should read. Unknown errors are logged, not shown. */
export async function writeFailed(error: unknown, values: Record<string, unknown>, entity?: { type: EntityType; id: string }): Promise<FormState> {
  if (error instanceof ForbiddenError) return { message: `You do not have permission to do this (it needs the ${error.needed.toLowerCase()} role).`, values };
  if (error instanceof ConflictError && entity) {
    return {
      message: "Someone else saved this entry while you were editing. Your text is kept below; review their changes, then save again to replace them.",
      conflict: await conflictInfo(entity.type, entity.id, error),
      values,
    };
  }
  if (error instanceof WriteRejectedError) {
    return { message: error.message, fieldErrors: error.field ? { [error.field]: [error.message] } : undefined, values };
  }
  if (error instanceof NotFoundError) return { message: "This entry no longer exists.", values };
  console.error("write failed", error);
  return { message: "Something went wrong on our side; nothing was saved. Try again, and tell an admin if it keeps happening.", values };
}
