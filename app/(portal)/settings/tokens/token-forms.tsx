"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/form-message";
import { CopyButton } from "@/components/copy-button";
import { TOKEN_SCOPE_LABELS } from "@/lib/validation/tokens";
import type { FormState } from "@/lib/forms";
import { createTokenAction, revokeTokenAction, type NewTokenState } from "./actions";

const scopeOptions = Object.entries(TOKEN_SCOPE_LABELS).map(([value, label]) => ({ value, label }));
const expiryOptions = [
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In a year" },
  { value: "never", label: "Never" },
];

export function NewTokenForm() {
  const [state, action, pending] = useActionState(createTokenAction, {} as NewTokenState);
  const v = state.secret ? {} : (state.values ?? {});
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} noValidate className="grid gap-3 rounded-lg border border-slate-300 bg-white p-4 sm:grid-cols-3" key={state.secret ?? JSON.stringify(state.values ?? {})}>
      <div className="sm:col-span-3">
        <FormMessage state={state} />
      </div>
      {state.secret ? (
        <div className="space-y-1 sm:col-span-3">
          <p className="text-sm font-semibold" id="new-token-label">
            Your new token
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <code aria-labelledby="new-token-label" data-testid="new-token" className="rounded border border-slate-300 bg-slate-50 px-2 py-1 font-mono text-sm break-all">
              {state.secret}
            </code>
            <CopyButton text={state.secret} label="Copy token" />
          </div>
          <p className="text-xs text-slate-600">Use it as <code>Authorization: Bearer &lt;token&gt;</code>. The portal keeps only a hash of it.</p>
        </div>
      ) : null}
      <TextField name="name" label="Name" required defaultValue={String(v.name ?? "")} errors={e.name} hint="What uses it, e.g. “incident bot”." maxLength={100} />
      <SelectField name="scope" label="Scope" defaultValue={String(v.scope ?? "READ")} errors={e.scope} options={scopeOptions} />
      <SelectField name="expiresIn" label="Expires" defaultValue={String(v.expiresIn ?? "90")} errors={e.expiresIn} options={expiryOptions} />
      <div className="sm:col-span-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create token"}
        </Button>
      </div>
    </form>
  );
}

export function RevokeTokenForm({ tokenId, name }: { tokenId: string; name: string }) {
  const [state, action, pending] = useActionState(revokeTokenAction, {} as FormState);
  return (
    <form
      action={action}
      className="flex flex-wrap items-center gap-2"
      onSubmit={(event) => {
        if (!window.confirm(`Revoke "${name}"? Anything using it stops working at once.`)) event.preventDefault();
      }}
    >
      <input type="hidden" name="tokenId" value={tokenId} />
      <Button type="submit" variant="danger" disabled={pending} aria-label={`Revoke ${name}`}>
        {pending ? "Revoking…" : "Revoke"}
      </Button>
      {state.message ? (
        <span role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
