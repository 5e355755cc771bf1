"use client";

import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { ListEditor } from "@/components/list-editor";
import { SEVERITY_LABELS } from "@/lib/validation/failure-mode";
import { CheckboxPicker, type PickerOption } from "../checkbox-picker";
import { EntryForm, list, text } from "../entry-form";
import { asOptions, type TypedFormProps } from "./types";
import { KeyField } from "./key-field";

export function FailureModeForm({ options, ...props }: TypedFormProps) {
  const procedures: PickerOption[] = options.procedureIds ?? [];
  return (
    <EntryForm {...props}>
      {({ values: v, errors }) => (
        <>
          <section className="grid gap-4 sm:grid-cols-[2fr_1fr]">
            <TextField name="title" label="Title" required defaultValue={text(v, "title")} errors={errors.title} hint="How on-call would name it, e.g. “Lambda timeout”." />
            <SelectField name="severity" label="Severity" required defaultValue={text(v, "severity") || "SEV3"} errors={errors.severity} options={asOptions(SEVERITY_LABELS)} />
          </section>
          <KeyField values={v} errors={errors} from="title" />
          <ListEditor
            name="alertNames"
            legend="Alert names"
            itemLabel="Alert name"
            scalar
            initial={list<string>(v, "alertNames")}
            errors={errors}
            hint="The exact names your monitoring gives the alerts that mean this failure. /alerts/<name> opens this page."
            columns={[{ key: "value", label: "Alert name", placeholder: "InvoiceParserTimeout", mono: true, wide: true }]}
          />
          <TextAreaField name="detection" label="Detection" defaultValue={text(v, "detection")} errors={errors.detection} hint="What alarms, logs and users show." />
          <section className="grid gap-4 sm:grid-cols-2">
            <TextAreaField name="customerImpact" label="Customer impact" defaultValue={text(v, "customerImpact")} errors={errors.customerImpact} />
            <TextAreaField name="causes" label="Causes" defaultValue={text(v, "causes")} errors={errors.causes} />
          </section>
          <ListEditor
            name="immediateActions"
            legend="Immediate actions"
            itemLabel="Step"
            scalar
            initial={list<string>(v, "immediateActions")}
            errors={errors}
            hint="What to do first, in order. The first step shows on the overview."
            columns={[{ key: "value", label: "Step", placeholder: "Check the error rate on the dashboard", multiline: true, wide: true }]}
          />
          <TextAreaField name="escalation" label="Escalation" defaultValue={text(v, "escalation")} errors={errors.escalation} hint="When and whom to call if the steps do not help." />
          <CheckboxPicker
            name="procedureIds"
            legend="Procedures"
            options={procedures}
            selected={list<string>(v, "procedureIds")}
            errors={errors.procedureIds}
            hint="The remediation procedures that fix this failure."
            emptyText="This system has no procedures yet."
          />
        </>
      )}
    </EntryForm>
  );
}
