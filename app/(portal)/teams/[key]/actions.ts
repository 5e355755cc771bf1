"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ENTITY_ID } from "@/lib/validation/common";
import { addTeamMember, removeTeamMember } from "@/lib/teams/teams";
import type { FormState } from "@/lib/forms";
import { invalid, openForm, writeFailed } from "@/lib/form-actions";

const memberSchema = z.object({ contactId: ENTITY_ID, userId: ENTITY_ID.describe("person") });

/** An admin adds a person to a team, or takes one out: the role is checked before the body is read (openForm). */
export async function teamMemberAction(change: "add" | "remove", _previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("ADMIN", formData);
  if (!form.ok) return form.state;
  const parsed = memberSchema.safeParse(form.values);
  if (!parsed.success) return invalid(parsed.error, form.values);
  try {
    if (change === "add") await addTeamMember(form.actor, parsed.data.contactId, parsed.data.userId);
    else await removeTeamMember(form.actor, parsed.data.contactId, parsed.data.userId);
    revalidatePath("/teams");
    return { ok: true, message: change === "add" ? "Added to the team." : "Taken out of the team." };
  } catch (error) {
    return writeFailed(error, form.values);
  }
}
