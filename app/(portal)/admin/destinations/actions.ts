"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { ENTITY_ID } from "@/lib/validation/common";
import type { FormState } from "@/lib/forms";
import { invalid, openForm, writeFailed } from "@/lib/form-actions";
import {
  createDestination,
  deleteDestination,
  dropPreviousSecret,
  editDestinationSchema,
  newDestinationSchema,
  rotateSecret,
  sendTest,
  setDestinationEnabled,
  updateDestination,
} from "@/lib/notify/destinations";

// Destinations are admins' (openForm checks the role before the body is read; lib/notify/destinations.ts checks it again).

export type SecretState = FormState & { secret?: string; id?: string };

const idSchema = z.object({ id: ENTITY_ID });

/** What the form keeps when it comes back: never the address (a secret). */
const kept = (values: Record<string, unknown>) => ({ name: values.name, kind: values.kind, teamId: values.teamId, events: values.events ?? [] });

export async function createDestinationAction(_previous: SecretState, formData: FormData): Promise<SecretState> {
  const form = await openForm("ADMIN", formData);
  if (!form.ok) return form.state;
  const values: Record<string, unknown> = { ...form.values, events: form.values.events ?? [] };
  const parsed = newDestinationSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, { ...kept(values), url: values.url });
  try {
    const { id, secret } = await createDestination(form.actor, parsed.data);
    revalidatePath("/admin/destinations");
    return secret
      ? { ok: true, id, secret, message: `Added "${parsed.data.name}". Copy its signing secret now into the receiver: it is shown only this once.` }
      : { ok: true, id, message: `Added "${parsed.data.name}". Send it a test from its page to see that it arrives.` };
  } catch (error) {
    return writeFailed(error, { ...kept(values), url: values.url });
  }
}

export async function updateDestinationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("ADMIN", formData);
  if (!form.ok) return form.state;
  const values: Record<string, unknown> = { ...form.values, events: form.values.events ?? [] };
  const target = idSchema.safeParse(values);
  const parsed = editDestinationSchema.safeParse(values);
  if (!target.success) return invalid(target.error, kept(values));
  if (!parsed.success) return invalid(parsed.error, kept(values));
  try {
    await updateDestination(form.actor, target.data.id, parsed.data);
    revalidatePath(`/admin/destinations/${target.data.id}`);
    return { ok: true, message: "Saved." };
  } catch (error) {
    return writeFailed(error, kept(values));
  }
}

export async function rotateSecretAction(_previous: SecretState, formData: FormData): Promise<SecretState> {
  const form = await openForm("ADMIN", formData);
  if (!form.ok) return form.state;
  const target = idSchema.safeParse(form.values);
  if (!target.success) return invalid(target.error, {});
  try {
    const secret = await rotateSecret(form.actor, target.data.id);
    revalidatePath(`/admin/destinations/${target.data.id}`);
    return { ok: true, secret, message: "New secret made. Both secrets sign each message until you drop the previous one: give the new one to the receiver, then drop the old." };
  } catch (error) {
    return writeFailed(error, {});
  }
}

export async function dropPreviousSecretAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("ADMIN", formData);
  if (!form.ok) return form.state;
  const target = idSchema.safeParse(form.values);
  if (!target.success) return invalid(target.error, {});
  try {
    await dropPreviousSecret(form.actor, target.data.id);
    revalidatePath(`/admin/destinations/${target.data.id}`);
    return { ok: true, message: "Only the new secret signs from now on." };
  } catch (error) {
    return writeFailed(error, {});
  }
}

const enableSchema = idSchema.extend({ enabled: z.enum(["on", "off"]) });

export async function setEnabledAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("ADMIN", formData);
  if (!form.ok) return form.state;
  const parsed = enableSchema.safeParse(form.values);
  if (!parsed.success) return invalid(parsed.error, {});
  try {
    await setDestinationEnabled(form.actor, parsed.data.id, parsed.data.enabled === "on");
    revalidatePath(`/admin/destinations/${parsed.data.id}`);
    return { ok: true, message: parsed.data.enabled === "on" ? "Enabled: it gets its events again." : "Paused: it gets nothing until enabled." };
  } catch (error) {
    return writeFailed(error, {});
  }
}

export async function deleteDestinationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("ADMIN", formData);
  if (!form.ok) return form.state;
  const target = idSchema.safeParse(form.values);
  if (!target.success) return invalid(target.error, {});
  try {
    await deleteDestination(form.actor, target.data.id);
  } catch (error) {
    return writeFailed(error, {});
  }
  revalidatePath("/admin/destinations");
  redirect("/admin/destinations?deleted=1");
}

export async function sendTestAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("ADMIN", formData);
  if (!form.ok) return form.state;
  const target = idSchema.safeParse(form.values);
  if (!target.success) return invalid(target.error, {});
  try {
    const outcome = await sendTest(form.actor, target.data.id);
    revalidatePath(`/admin/destinations/${target.data.id}`);
    return outcome.status === "SENT"
      ? { ok: true, message: `Test sent: the receiver answered ${outcome.httpStatus}.` }
      : { message: `The test did not arrive. ${outcome.reason}` };
  } catch (error) {
    return writeFailed(error, {});
  }
}
