"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/lib/forms";
import { FORGED_FORM, invalid, openForm, writeFailed } from "@/lib/form-actions";
import { ENTITY_ID, text, VERSION } from "@/lib/validation/common";
import { approveChange, overrideChange, rebaseChange, rejectChange, withdrawChange } from "@/lib/approvals/requests";

// Deciding a change request. Every decision is an editor's (an override an admin's): the
// role check is openForm's, the first thing done, before the body is read (lib/form-actions.ts);
// lib/approvals checks the role again and who may decide (never the author).

const DECISIONS = ["approve", "reject", "withdraw", "override", "rebase"] as const;
type Decision = (typeof DECISIONS)[number];

const target = z.object({ id: ENTITY_ID, decision: z.enum(DECISIONS) });
const decisionSchema = z.object({
  requestVersion: VERSION,
  comment: text().trim().max(1000, "Keep the comment under 1000 characters").default(""),
});

export async function decideChangeAction(id: string, decision: Decision, _previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm(decision === "override" ? "ADMIN" : "EDITOR", formData);
  if (!form.ok) return form.state;
  const { actor, values } = form;
  const bound = target.safeParse({ id, decision });
  if (!bound.success) return { ...FORGED_FORM, values };
  const parsed = decisionSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  const { requestVersion, comment } = parsed.data;
  if ((decision === "reject" || decision === "override") && !comment) {
    return { fieldErrors: { comment: [decision === "reject" ? "Say why the change is rejected" : "Say why this cannot wait for approval"] }, message: "Some fields need attention; nothing was done.", values };
  }
  try {
    if (decision === "approve") await approveChange(actor, id, requestVersion, comment);
    else if (decision === "reject") await rejectChange(actor, id, requestVersion, comment);
    else if (decision === "withdraw") await withdrawChange(actor, id, requestVersion);
    else if (decision === "override") await overrideChange(actor, id, requestVersion, comment);
    else await rebaseChange(actor, id, requestVersion);
  } catch (error) {
    return writeFailed(error, values);
  }
  revalidatePath("/approvals");
  revalidatePath(`/approvals/${id}`);
  revalidatePath("/systems/[slug]", "page");
  redirect(`/approvals/${id}?done=${decision}`);
}
