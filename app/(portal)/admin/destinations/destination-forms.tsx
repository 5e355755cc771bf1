"use client";

import Link from "@/components/ui/link";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/form-message";
import { CopyButton } from "@/components/copy-button";
import type { FormState } from "@/lib/forms";
import {
  createDestinationAction,
  deleteDestinationAction,
  dropPreviousSecretAction,
  rotateSecretAction,
  sendTestAction,
  setEnabledAction,
  updateDestinationAction,
  type SecretState,
} from "./actions";

type Option = { value: string; label: string };
type Choices = { kinds: Option[]; teams: Option[]; events: Option[] };

function Events({ options, checked, errors }: { options: Option[]; checked: string[]; errors?: string[] }) {
  return (
    <fieldset className="space-y-1 sm:col-span-2" aria-describedby={errors?.length ? "events-error" : undefined}>
      <legend className="text-sm font-semibold">Gets</legend>
      {options.map((option) => (
        <label key={option.value} className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="events[]" value={option.value} defaultChecked={checked.includes(option.value)} className="h-4 w-4" />
          {option.label}
        </label>
      ))}
      {errors?.length ? (
        <p id="events-error" className="text-sm font-medium text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

function Secret({ secret }: { secret: string }) {
  return (
    <div className="space-y-1">
      <p className="text-sm font-semibold" id="signing-secret-label">
        Signing secret
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code aria-labelledby="signing-secret-label" data-testid="signing-secret" className="rounded border border-slate-300 bg-slate-50 px-2 py-1 font-mono text-sm break-all">
          {secret}
        </code>
        <CopyButton text={secret} label="Copy secret" />
      </div>
      <p className="text-xs text-slate-600">The receiver checks each message&apos;s webhook-signature header with it (any Standard Webhooks library does). The portal shows it only now.</p>
    </div>
  );
}

const asList = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);

export function NewDestinationForm({ kinds, teams, events }: Choices) {
  const [state, action, pending] = useActionState(createDestinationAction, {} as SecretState);
  const v = state.ok ? {} : (state.values ?? {});
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} noValidate className="grid gap-3 rounded-lg border border-slate-300 bg-white p-4 sm:grid-cols-2" key={state.id ?? JSON.stringify(state.values ?? {})}>
      <h2 className="text-lg font-bold sm:col-span-2">Add a destination</h2>
      <div className="sm:col-span-2">
        <FormMessage state={state} />
        {state.secret ? <Secret secret={state.secret} /> : null}
        {state.id ? (
          <p className="mt-2 text-sm">
            <Link className="underline" href={`/admin/destinations/${state.id}`}>
              Open it to send a test
            </Link>
          </p>
        ) : null}
      </div>
      <TextField name="name" label="Name" required defaultValue={String(v.name ?? "")} errors={e.name} hint="As people know the channel, e.g. “#payments-oncall”." maxLength={80} />
      <SelectField name="kind" label="Kind" defaultValue={String(v.kind ?? "SLACK")} errors={e.kind} options={kinds} />
      <div className="sm:col-span-2">
        <TextField
          name="url"
          label="Webhook address"
          required
          type="url"
          defaultValue={String(v.url ?? "")}
          errors={e.url}
          hint="The incoming webhook's address from Slack, Mattermost or a Teams workflow, or your receiver's. Stored encrypted; never shown again."
          autoComplete="off"
        />
      </div>
      <SelectField name="teamId" label="For" defaultValue={String(v.teamId ?? "")} errors={e.teamId} options={[{ value: "", label: "Every system" }, ...teams]} hint="A team's destination hears only of the systems that team owns or backs up." />
      <Events options={events} checked={v.events ? asList(v.events) : events.map((o) => o.value)} errors={e.events} />
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add destination"}
        </Button>
      </div>
    </form>
  );
}

export function EditDestinationForm({ destination, teams, events }: { destination: { id: string; name: string; teamId: string | null; events: string[]; version: number; urlHint: string } } & Omit<Choices, "kinds">) {
  const [state, action, pending] = useActionState(updateDestinationAction, {} as FormState);
  const v = state.ok ? {} : (state.values ?? {});
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} noValidate className="grid gap-3 rounded-lg border border-slate-300 bg-white p-4 sm:grid-cols-2" key={`${destination.version}-${JSON.stringify(state.values ?? {})}`}>
      <h2 className="text-lg font-bold sm:col-span-2">Settings</h2>
      <input type="hidden" name="id" value={destination.id} />
      <input type="hidden" name="version" value={destination.version} />
      <div className="sm:col-span-2">
        <FormMessage state={state} />
      </div>
      <TextField name="name" label="Name" required defaultValue={String(v.name ?? destination.name)} errors={e.name} maxLength={80} />
      <SelectField name="teamId" label="For" defaultValue={String(v.teamId ?? destination.teamId ?? "")} errors={e.teamId} options={[{ value: "", label: "Every system" }, ...teams]} />
      <div className="sm:col-span-2">
        <TextField name="url" label="New webhook address" type="url" defaultValue="" errors={e.url} hint={`Now ${destination.urlHint} Leave empty to keep it.`} autoComplete="off" />
      </div>
      <Events options={events} checked={v.events ? asList(v.events) : destination.events} errors={e.events} />
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}

type ButtonAction = (previous: FormState, formData: FormData) => Promise<FormState>;

/** One button that does one thing to a destination, and says what happened next to it. */
export function DestinationButton({ id, action, label, pendingLabel, fields = {}, variant = "secondary", confirm }: { id: string; action: "test" | "drop" | "enable" | "pause" | "delete"; label: string; pendingLabel: string; fields?: Record<string, string>; variant?: "secondary" | "danger" | "primary"; confirm?: string }) {
  const actions: Record<typeof action, ButtonAction> = { test: sendTestAction, drop: dropPreviousSecretAction, enable: setEnabledAction, pause: setEnabledAction, delete: deleteDestinationAction };
  const [state, formAction, pending] = useActionState(actions[action], {} as FormState);
  return (
    <form
      action={formAction}
      className="space-y-2"
      onSubmit={(event) => {
        if (confirm && !window.confirm(confirm)) event.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={id} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button type="submit" variant={variant} disabled={pending}>
        {pending ? pendingLabel : label}
      </Button>
      <FormMessage state={state} />
    </form>
  );
}

export function RotateSecretForm({ id }: { id: string }) {
  const [state, action, pending] = useActionState(rotateSecretAction, {} as SecretState);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Making a new secret…" : "Rotate the signing secret"}
      </Button>
      <FormMessage state={state} />
      {state.secret ? <Secret secret={state.secret} /> : null}
    </form>
  );
}
