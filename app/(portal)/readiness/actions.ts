"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ConflictError } from "@/lib/entries/errors";
import { setReadinessException } from "@/lib/readiness/exceptions";
import { READINESS_RULE_IDS } from "@/lib/readiness/rules";
import { ENTITY_ID, VERSION } from "@/lib/validation/common";
import { readinessExceptionSchema } from "@/lib/validation/system";
import type { FormState } from "@/lib/forms";
import { FORGED_FORM, invalid, openForm, writeFailed } from "@/lib/form-actions";

const target = z.object({ systemId: ENTITY_ID, rule: z.enum(READINESS_RULE_IDS) });
const markSchema = z.object({ expectedVersion: VERSION, reason: readinessExceptionSchema.shape.reason });
const unmarkSchema = z.object({ expectedVersion: VERSION });

/**
 * An admin marks a readiness check not applicable to a system (with a reason), or (`apply`)
 * applicable again. openForm("ADMIN", …) checks the role with requireRole before the body is
 * read; setReadinessException asserts it again.
 */
export async function readinessExceptionAction(systemId: string, rule: string, apply: boolean, _previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("ADMIN", formData);
  if (!form.ok) return form.state;
  const bound = target.safeParse({ systemId, rule });
  if (!bound.success || typeof apply !== "boolean") return { ...FORGED_FORM, values: form.values };
  const parsed = apply ? unmarkSchema.safeParse(form.values) : markSchema.safeParse(form.values);
  if (!parsed.success) return invalid(parsed.error, form.values);
  try {
    const reason = "reason" in parsed.data ? (parsed.data.reason as string) : null;
    await setReadinessException(form.actor, bound.data.systemId, parsed.data.expectedVersion, bound.data.rule, reason);
  } catch (error) {
    if (error instanceof ConflictError) return { message: "The system changed since this page was loaded; reload and try again.", values: form.values };
    return writeFailed(error, form.values);
  }
  revalidatePath("/readiness");
  return { ok: true, message: apply ? "The check applies again." : "Marked not applicable." };
}
