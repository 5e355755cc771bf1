"use client";

import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { DEPENDENCY_KIND_LABELS } from "@/lib/validation/dependency";
import { EntryForm, text } from "../entry-form";
import { asOptions, type TypedFormProps } from "./types";
import { KeyField } from "./key-field";

export function DependencyForm({ options, ...props }: TypedFormProps) {
  const systems = [{ value: "", label: "— not a system in the portal —" }, ...(options.dependsOnSystemId ?? []).map((s) => ({ value: s.id, label: s.label }))];
  return (
    <EntryForm {...props}>
      {({ values: v, errors }) => (
        <>
          <section className="grid gap-4 sm:grid-cols-2">
            <TextField name="name" label="Name" required defaultValue={text(v, "name")} errors={errors.name} hint="e.g. “Amazon Textract” or “Orders database”." />
            <SelectField name="kind" label="Kind" required defaultValue={text(v, "kind") || "OTHER"} errors={errors.kind} options={asOptions(DEPENDENCY_KIND_LABELS)} />
            <KeyField values={v} errors={errors} from="name" />
            <SelectField name="dependsOnSystemId" label="System in the portal" defaultValue={text(v, "dependsOnSystemId")} errors={errors.dependsOnSystemId} options={systems} hint="When the dependency has its own runbook here, link it." />
          </section>
          <TextAreaField name="usedFor" label="Used for" defaultValue={text(v, "usedFor")} errors={errors.usedFor} />
          <TextAreaField name="failureModes" label="How it fails" defaultValue={text(v, "failureModes")} errors={errors.failureModes} hint="Throttling, timeouts, outages: what it looks like from our side." />
          <section className="grid gap-4 sm:grid-cols-2">
            <TextAreaField name="impact" label="Impact" defaultValue={text(v, "impact")} errors={errors.impact} />
            <TextAreaField name="detection" label="Detection" defaultValue={text(v, "detection")} errors={errors.detection} />
          </section>
          <TextAreaField name="mitigation" label="Mitigation" defaultValue={text(v, "mitigation")} errors={errors.mitigation} hint="The fallback while it is down." />
        </>
      )}
    </EntryForm>
  );
}
