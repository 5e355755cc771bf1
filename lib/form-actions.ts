import "server-only";
import type { z } from "zod";
import type { EntityType, Role } from "@/lib/generated/prisma/enums";
import { ForbiddenError } from "@/lib/auth/roles";
import { requireRole, type CurrentUser } from "@/lib/session";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@/lib/db/errors";
import { markActionStarted } from "@/lib/http/request-context";
import { ConflictError, NotFoundError, WriteRejectedError } from "@/lib/entries/errors";
import { getRevisionSnapshot, listRevisionAuthorsSince } from "@/lib/history/revisions";
import { compareSnapshots, idsInChanges } from "@/lib/history/diff";
import { describe } from "@/lib/entries";
import { namesForIds } from "@/lib/data/systems";
import { fieldErrorsOf } from "@/lib/validation/common";
import { FormShapeError, parseForm, type ConflictInfo, type FormState } from "@/lib/forms";

// What every form's server action does around its work: open the form (role first, then
// the body, with limits), and turn validation results and write errors into a
// FormState the form can show, with the user's input kept.

export type OpenedForm = { ok: true; actor: CurrentUser; values: Record<string, unknown> } | { ok: false; state: FormState };

/**
 * What every form action does first: check the role, and only then read the body, with
 * limits (lib/forms.ts). A request without the role never has its fields looked at.
 */
export async function openForm(role: Role, formData: FormData): Promise<OpenedForm> {
  markActionStarted();
  // Bound arguments shifted by a forged request can hand the action anything in this place.
  if (!(formData instanceof FormData)) return { ok: false, state: FORGED_FORM };
  let actor: CurrentUser;
  try {
    actor = await requireRole(role);
  } catch (error) {
    return { ok: false, state: await writeFailed(error, {}) };
  }
  try {
    const { values, fieldErrors } = parseForm(formData);
    if (Object.keys(fieldErrors).length > 0) {
      return { ok: false, state: { fieldErrors, message: "Some fields need attention; nothing was saved.", values } };
    }
    return { ok: true, actor, values };
  } catch (error) {
    if (error instanceof FormShapeError) return { ok: false, state: { message: `${error.message} Nothing was saved; reload the page and try again.` } };
    throw error;
  }
}

/** The answer to bound arguments that no page of the portal renders (edited in the browser). */
export const FORGED_FORM: FormState = { message: "This form does not match any entry of the portal; nothing was saved. Reload the page and try again." };

export function invalid(error: z.ZodError, values: Record<string, unknown>): FormState {
  return { fieldErrors: fieldErrorsOf(error), message: "Some fields need attention; nothing was saved.", values };
}

async function conflictInfo(type: EntityType, id: string, error: ConflictError): Promise<ConflictInfo> {
  const base = await getRevisionSnapshot(type, id, error.expectedVersion);
  const changes = compareSnapshots(describe(type), base, error.current);
  const ids = idsInChanges(changes);
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
  if (isDatabaseUnavailable(error)) return { message: DATABASE_UNAVAILABLE_MESSAGE, values };
  console.error("write failed", error);
  return { message: "Something went wrong on our side; nothing was saved. Try again, and tell an admin if it keeps happening.", values };
}
