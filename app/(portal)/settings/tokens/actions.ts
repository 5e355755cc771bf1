"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createToken, revokeToken } from "@/lib/auth/tokens";
import { ENTITY_ID } from "@/lib/validation/common";
import { newTokenSchema } from "@/lib/validation/tokens";
import type { FormState } from "@/lib/forms";
import { invalid, openForm, writeFailed } from "@/lib/form-actions";

// Every signed-in user manages their own tokens: openForm checks the role (viewer and up)
// before the body is read; lib/auth/tokens.ts checks whose token may be revoked.

export type NewTokenState = FormState & { secret?: string };

/** Creates a personal access token for the signed-in user; the answer holds the secret, shown this once. */
export async function createTokenAction(_previous: NewTokenState, formData: FormData): Promise<NewTokenState> {
  const form = await openForm("VIEWER", formData);
  if (!form.ok) return form.state;
  const shown = { name: form.values.name, scope: form.values.scope, expiresIn: form.values.expiresIn };
  try {
    const parsed = newTokenSchema.safeParse(form.values);
    if (!parsed.success) return invalid(parsed.error, shown);
    const { secret, token } = await createToken(form.actor, parsed.data);
    revalidatePath("/settings/tokens");
    return { ok: true, message: `Created "${token.name}". Copy it now: it is shown only this once.`, secret };
  } catch (error) {
    return writeFailed(error, shown);
  }
}

const revokeSchema = z.object({ tokenId: ENTITY_ID });

/** Revokes a token at once: the owner's own, or anyone's for an admin. */
export async function revokeTokenAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("VIEWER", formData);
  if (!form.ok) return form.state;
  const parsed = revokeSchema.safeParse(form.values);
  if (!parsed.success) return invalid(parsed.error, {});
  try {
    const revoked = await revokeToken(form.actor, parsed.data.tokenId);
    revalidatePath("/settings/tokens");
    return revoked ? { ok: true, message: "Revoked: the token no longer works." } : { message: "This token was already revoked or no longer exists." };
  } catch (error) {
    return writeFailed(error, {});
  }
}
