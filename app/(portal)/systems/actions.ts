"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { findSystem, markSystemReviewed } from "@/lib/data/systems";
import { ConflictError } from "@/lib/entries/errors";
import { slugSchema } from "@/lib/validation/system";
import { text, VERSION } from "@/lib/validation/common";
import type { FormState } from "@/lib/forms";
import { FORGED_FORM, invalid, openForm, writeFailed } from "@/lib/form-actions";
import { setApprovalPolicy } from "@/lib/approvals/settings";
import { setWatching } from "@/lib/notify/reminders";

// Role checks: each action calls openForm with its role first, which checks it before the
// body is read (lib/form-actions.ts); lib/ checks it again.

const reviewSchema = z.object({
  expectedVersion: VERSION,
  changeNote: text().trim().max(500, "Keep the change note under 500 characters").default(""),
});

export async function markReviewedAction(slug: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("EDITOR", formData);
  if (!form.ok) return form.state;
  const bound = slugSchema.safeParse(slug);
  if (!bound.success) return FORGED_FORM;
  const parsed = reviewSchema.safeParse(form.values);
  if (!parsed.success) return invalid(parsed.error, {});
  try {
    const system = await findSystem(bound.data);
    if (!system || system.deletedAt) return { message: "This system no longer exists." };
    await markSystemReviewed(form.actor, system.id, parsed.data.expectedVersion, parsed.data.changeNote);
  } catch (error) {
    if (error instanceof ConflictError) {
      return { message: `Someone else saved this system since this page was loaded (it is now version ${error.currentVersion}); it was not marked reviewed. Reload, check their change, and mark it again.` };
    }
    return writeFailed(error, {});
  }
  revalidatePath(`/systems/${bound.data}`);
  return { ok: true, message: "Marked as reviewed today." };
}

/** An admin turns a system's approval policy on or off (lib/approvals/settings.ts). */
export async function approvalPolicyAction(slug: string, on: boolean, _previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("ADMIN", formData);
  if (!form.ok) return form.state;
  const bound = z.object({ slug: slugSchema, on: z.boolean() }).safeParse({ slug, on });
  if (!bound.success) return FORGED_FORM;
  const parsed = reviewSchema.safeParse(form.values);
  if (!parsed.success) return invalid(parsed.error, form.values);
  try {
    const system = await findSystem(bound.data.slug);
    if (!system || system.deletedAt) return { message: "This system no longer exists." };
    const result = await setApprovalPolicy(form.actor, system.id, parsed.data.expectedVersion, bound.data.on, parsed.data.changeNote);
    if (result.changeRequestId) {
      revalidatePath(`/systems/${bound.data.slug}`);
      return {
        ok: true,
        message: "Turning approval off waits for another admin's approval (Approvals); in an emergency you can apply it there by override, which the audit log records.",
      };
    }
  } catch (error) {
    if (error instanceof ConflictError) {
      return { message: `Someone else saved this system since this page was loaded (it is now version ${error.currentVersion}); nothing was changed. Reload and try again.` };
    }
    return writeFailed(error, form.values);
  }
  revalidatePath(`/systems/${bound.data.slug}`);
  return { ok: true, message: bound.data.on ? "Changes to this system now need approval." : "Changes to this system apply at once again." };
}

const watchSchema = z.object({ watch: z.enum(["on", "off"]) });

/** Anyone signed in watches a system or stops: its changes come in their daily digest. */
export async function watchAction(slug: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("VIEWER", formData);
  if (!form.ok) return form.state;
  const bound = slugSchema.safeParse(slug);
  if (!bound.success) return FORGED_FORM;
  const parsed = watchSchema.safeParse(form.values);
  if (!parsed.success) return invalid(parsed.error, {});
  try {
    const system = await findSystem(bound.data);
    if (!system || system.deletedAt) return { message: "This system no longer exists." };
    await setWatching(form.actor, system.id, parsed.data.watch === "on");
  } catch (error) {
    return writeFailed(error, {});
  }
  revalidatePath(`/systems/${bound.data}`);
  return parsed.data.watch === "on"
    ? { ok: true, message: "Watching: its changes come in your daily digest." }
    : { ok: true, message: "No longer watching." };
}
