"use client";

import { useActionState, useState } from "react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { ListEditor } from "@/components/list-editor";
import { FormMessage } from "@/components/form-message";
import { ConflictPanel } from "@/components/conflict-panel";
import { ChangeMetaFields } from "@/components/change-meta-fields";
import { TIER_LABELS } from "@/lib/validation/system";
import type { FormState } from "@/lib/forms";
import type { ContactOption } from "@/lib/data/contacts";

export type SystemFormValues = {
  slug: string;
  name: string;
  purpose: string;
  schedule: string;
  inputs: string;
  outputs: string;
  components: { kind: string; name: string; identifier: string }[];
  tier: string;
  ownerId: string;
  backupOwnerId: string;
  onCall: string;
  links: { label: string; url: string }[];
  boundaries: string;
  deploymentNotes: string;
  reviewIntervalDays: string;
};

export type SystemFormProps = {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  initial: SystemFormValues;
  version?: number;
  contacts: ContactOption[];
  cancelHref: string;
};

const slugify = (text: string) =>
  text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);

export function SystemForm({ action, initial, version, contacts, cancelHref }: SystemFormProps) {
  const [state, formAction, pending] = useActionState(action, {} as FormState);
  const v = { ...initial, ...(state.values as Partial<SystemFormValues> | undefined) };
  const errors = state.fieldErrors ?? {};
  const [slugTouched, setSlugTouched] = useState(!!initial.slug);
  const [slug, setSlug] = useState(initial.slug);
  const contactOptions = [{ value: "", label: "— none —" }, ...contacts.map((c) => ({ value: c.id, label: c.role ? `${c.name} (${c.role})` : c.name }))];
  // After a conflict the next save goes against the version now current: the user has seen what changed.
  const expectedVersion = state.conflict?.currentVersion ?? version;

  return (
    <form action={formAction} noValidate className="space-y-6">
      <FormMessage state={state} />
      {state.conflict ? <ConflictPanel conflict={state.conflict} /> : null}

      <section className="grid gap-4 sm:grid-cols-2">
        <TextField
          name="name"
          label="Name"
          required
          defaultValue={v.name}
          errors={errors.name}
          onChange={(e) => {
            if (!slugTouched) setSlug(slugify(e.target.value));
          }}
        />
        <TextField
          name="slug"
          label="Slug"
          required
          value={slug}
          onChange={(e) => {
            setSlugTouched(true);
            setSlug(e.target.value);
          }}
          hint={`Used in the address: /systems/${slug || "…"}`}
          errors={errors.slug}
        />
        <SelectField name="tier" label="Tier" required defaultValue={v.tier} errors={errors.tier} options={Object.entries(TIER_LABELS).map(([value, label]) => ({ value, label }))} />
        <TextField name="schedule" label="Schedule" defaultValue={v.schedule} errors={errors.schedule} hint="When it runs: cron text or the event, e.g. “on S3 PUT”." />
      </section>

      <TextAreaField name="purpose" label="Purpose" rows={3} defaultValue={v.purpose} errors={errors.purpose} hint="What it does, in a sentence or two. Markdown." />

      <section className="grid gap-4 sm:grid-cols-2">
        <TextAreaField name="inputs" label="Inputs" defaultValue={v.inputs} errors={errors.inputs} />
        <TextAreaField name="outputs" label="Outputs" defaultValue={v.outputs} errors={errors.outputs} />
      </section>

      <ListEditor
        name="components"
        legend="Components"
        itemLabel="Component"
        initial={v.components}
        errors={errors}
        columns={[
          { key: "kind", label: "Kind", placeholder: "S3 bucket" },
          { key: "name", label: "Name", placeholder: "Raw invoices" },
          { key: "identifier", label: "Identifier", placeholder: "retail-invoices-prod", mono: true, wide: true },
        ]}
      />

      <section className="grid gap-4 sm:grid-cols-3">
        <SelectField name="ownerId" label="Owner" defaultValue={v.ownerId} errors={errors.ownerId} options={contactOptions} />
        <SelectField name="backupOwnerId" label="Backup owner" defaultValue={v.backupOwnerId} errors={errors.backupOwnerId} options={contactOptions} />
        <TextField name="onCall" label="On call" defaultValue={v.onCall} errors={errors.onCall} hint="Rotation name or link." />
      </section>

      <ListEditor
        name="links"
        legend="Links"
        itemLabel="Link"
        initial={v.links}
        errors={errors}
        hint="Dashboards, logs, status pages."
        columns={[
          { key: "label", label: "Label", placeholder: "Errors dashboard" },
          { key: "url", label: "URL", placeholder: "https://grafana.example.com/d/…", wide: true },
        ]}
      />

      <TextAreaField name="boundaries" label="Boundaries" defaultValue={v.boundaries} errors={errors.boundaries} hint="What to check first where it meets other systems." />
      <TextAreaField name="deploymentNotes" label="Deployment notes" defaultValue={v.deploymentNotes} errors={errors.deploymentNotes} hint="Current version, change window." />
      <div className="max-w-xs">
        <TextField name="reviewIntervalDays" label="Review interval (days)" type="number" inputMode="numeric" min={1} max={3650} defaultValue={v.reviewIntervalDays} errors={errors.reviewIntervalDays} />
      </div>

      <ChangeMetaFields
        expectedVersion={expectedVersion}
        values={state.values}
        errors={errors}
        requireNote={version !== undefined}
      />

      <div className="flex gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
        <Link href={cancelHref} className="self-center">
          Cancel
        </Link>
      </div>
    </form>
  );
}
