"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/form-message";
import { ROLE_LABELS } from "@/lib/validation/user";
import type { FormState } from "@/lib/forms";
import type { Role } from "@/lib/generated/prisma/enums";
import { addUserAction, signOutEverywhereAction, updateAccessAction } from "./actions";

const roleOptions = Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }));

export function AddUserForm() {
  const [state, action, pending] = useActionState(addUserAction, {} as FormState);
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} noValidate className="grid gap-3 rounded-lg border border-slate-300 bg-white p-4 sm:grid-cols-2">
      <div className="sm:col-span-2"><FormMessage state={state} /></div>
      <TextField name="name" label="Name" required defaultValue={String(v.name ?? "")} errors={e.name} />
      <TextField name="email" label="Email" type="email" required defaultValue={String(v.email ?? "")} errors={e.email} />
      <SelectField name="role" label="Role" defaultValue={String(v.role ?? "VIEWER")} errors={e.role} options={roleOptions} />
      <TextField name="password" label="Password" type="password" autoComplete="new-password" required errors={e.password} hint="At least 12 characters." />
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>{pending ? "Adding…" : "Add user"}</Button>
      </div>
    </form>
  );
}

export type AccessFormProps = { userId: string; name: string; role: Role; disabled: boolean; version: number; isSelf: boolean };

export function AccessForm({ userId, name, role, disabled, version, isSelf }: AccessFormProps) {
  const [state, action, pending] = useActionState(updateAccessAction, {} as FormState);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <form action={action} className="flex items-center gap-2">
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="expectedVersion" value={version} />
        <label className="sr-only" htmlFor={`role-${userId}`}>Role of {name}</label>
        <select id={`role-${userId}`} name="role" defaultValue={role} disabled={isSelf} className="rounded border border-slate-400 bg-white px-2 py-1 text-sm">
          {roleOptions.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
        <Button type="submit" variant="secondary" disabled={pending || isSelf} aria-label={`Save role of ${name}`}>Save role</Button>
      </form>
      <form action={action}>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="expectedVersion" value={version} />
        <input type="hidden" name="disabled" value={disabled ? "false" : "true"} />
        <Button type="submit" variant={disabled ? "secondary" : "danger"} disabled={pending || isSelf} aria-label={`${disabled ? "Enable" : "Disable"} ${name}`}>
          {disabled ? "Enable" : "Disable"}
        </Button>
      </form>
      {state.message ? <span role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-emerald-800" : "text-red-700"}`}>{state.message}</span> : null}
    </div>
  );
}

export type SignOutEverywhereFormProps = { userId: string; name: string; sessions: number };

/** "Sign out everywhere": ends every session of the account; the next request of each asks to sign in. */
export function SignOutEverywhereForm({ userId, name, sessions }: SignOutEverywhereFormProps) {
  const [state, action, pending] = useActionState(signOutEverywhereAction, {} as FormState);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <span className="text-sm text-slate-700">{sessions === 0 ? "not signed in" : `${sessions} open session${sessions === 1 ? "" : "s"}`}</span>
      <Button type="submit" variant="secondary" disabled={pending || sessions === 0} aria-label={`Sign ${name} out everywhere`}>
        {pending ? "Signing out…" : "Sign out everywhere"}
      </Button>
      {state.message ? <span role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-emerald-800" : "text-red-700"}`}>{state.message}</span> : null}
    </form>
  );
}
