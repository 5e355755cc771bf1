"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/lib/forms";
import { invalid, openForm, writeFailed } from "@/lib/form-actions";
import { discardJob, retryJob } from "@/lib/jobs/admin";

// Admins only: openForm checks the role before the body is read; lib/jobs/admin.ts checks it again.

const jobSchema = z.object({ id: z.string().regex(/^\d{1,19}$/, { error: "Not a job of this portal" }), then: z.enum(["retry", "discard"]) });

export async function jobAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("ADMIN", formData);
  if (!form.ok) return form.state;
  const parsed = jobSchema.safeParse(form.values);
  if (!parsed.success) return invalid(parsed.error, {});
  try {
    if (parsed.data.then === "retry") await retryJob(form.actor, parsed.data.id);
    else await discardJob(form.actor, parsed.data.id);
  } catch (error) {
    return writeFailed(error, {});
  }
  revalidatePath("/admin/jobs");
  redirect(`/admin/jobs?${parsed.data.then === "retry" ? "retried" : "discarded"}=${parsed.data.id}`);
}
