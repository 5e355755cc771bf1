"use client";

import { useState } from "react";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { ListEditor } from "@/components/list-editor";
import { EntryForm, list, text, type FormValues } from "../entry-form";
import { TIER_LABELS } from "@/lib/validation/system";
import { ENTRY_LAYOUTS } from "./layouts";
import { fieldsOf, type PickerChoice, type TypedFormProps } from "./types";
import { SYSTEM } from "@/lib/entries/system";

type SystemFormValues = {
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

const slugify = (text: string) =>
  text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);

/** A system's values (a snapshot, or what was typed) as the fields show them; a new system starts at tier 3, reviewed every 90 days. */
function systemValues(values: FormValues): SystemFormValues {
  return {
    slug: text(values, "slug"),
    name: text(values, "name"),
    purpose: text(values, "purpose"),
    schedule: text(values, "schedule"),
    inputs: text(values, "inputs"),
    outputs: text(values, "outputs"),
    components: list(values, "components"),
    tier: text(values, "tier") || "TIER_3",
    ownerId: text(values, "ownerId"),
    backupOwnerId: text(values, "backupOwnerId"),
    onCall: text(values, "onCall"),
    links: list(values, "links"),
    boundaries: text(values, "boundaries"),
    deploymentNotes: text(values, "deploymentNotes"),
    reviewIntervalDays: text(values, "reviewIntervalDays") || "90",
  };
}

export function SystemForm(props: TypedFormProps) {
  const initialSlug = text(props.initial, "slug");
  return (
    <EntryForm {...props} layout={ENTRY_LAYOUTS.SYSTEM}>
      {({ values, errors }) => <SystemFields v={systemValues({ ...props.initial, ...values })} errors={errors} contacts={props.options.ownerId ?? []} initialSlug={initialSlug} />}
    </EntryForm>
  );
}

function SystemFields({ v, errors, contacts, initialSlug }: { v: SystemFormValues; errors: Record<string, string[]>; contacts: PickerChoice[]; initialSlug: string }) {
  const [slugTouched, setSlugTouched] = useState(!!initialSlug);
  const [slug, setSlug] = useState(initialSlug);
  const field = fieldsOf(SYSTEM, v, errors);
  const contactOptions = [{ value: "", label: "— none —" }, ...contacts.map((c) => ({ value: c.id, label: c.detail ? `${c.label} (${c.detail})` : c.label }))];
  return (
    <>
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
        <TextField {...field("schedule")} />
      </section>

      <TextAreaField {...field("purpose")} rows={3} />

      <section className="grid gap-4 sm:grid-cols-2">
        <TextAreaField {...field("inputs")} />
        <TextAreaField {...field("outputs")} />
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
        <SelectField {...field("ownerId")} options={contactOptions} />
        <SelectField {...field("backupOwnerId")} options={contactOptions} />
        <TextField {...field("onCall")} />
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

      <TextAreaField {...field("boundaries")} />
      <TextAreaField {...field("deploymentNotes")} />
      <div className="max-w-xs">
        <TextField {...field("reviewIntervalDays")} type="number" inputMode="numeric" min={1} max={3650} />
      </div>

    </>
  );
}
