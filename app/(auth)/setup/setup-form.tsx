"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/form-message";
import type { FormState } from "@/lib/forms";
import { setupAdmin } from "./actions";

export function SetupForm() {
  const [state, action, pending] = useActionState(setupAdmin, {} as FormState);
  const values = state.values ?? {};
  return (
    <form action={action} noValidate className="space-y-4">
      <FormMessage state={state} />
      <TextField name="name" label="Name" required autoComplete="name" defaultValue={String(values.name ?? "")} errors={state.fieldErrors?.name} />
      <TextField name="email" label="Email" type="email" required autoComplete="username" defaultValue={String(values.email ?? "")} errors={state.fieldErrors?.email} />
      <TextField name="password" label="Password" type="password" required autoComplete="new-password" hint="At least 12 characters." errors={state.fieldErrors?.password} />
      <TextField name="confirmPassword" label="Confirm password" type="password" required autoComplete="new-password" errors={state.fieldErrors?.confirmPassword} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Creating…" : "Create admin"}
      </Button>
    </form>
  );
}
