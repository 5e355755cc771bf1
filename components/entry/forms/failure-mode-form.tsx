"use client";

import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { ListEditor } from "@/components/list-editor";
import { SEVERITY_LABELS } from "@/lib/validation/failure-mode";
import { CheckboxPicker, type PickerOption } from "../checkbox-picker";
import { EntryForm, list, text } from "../entry-form";
import { ENTRY_LAYOUTS } from "./layouts";
import { asOptions, fieldsOf, type TypedFormProps } from "./types";
import { FAILURE_MODE } from "@/lib/entries/failure-mode";
import { KeyField } from "./key-field";

export function FailureModeForm({ options, ...props }: TypedFormProps) {
  const procedures: PickerOption[] = options.procedureIds ?? [];
  return (
    <EntryForm {...props} layout={ENTRY_LAYOUTS.FAILURE_MODE}>
      {({ values: v, errors }) => {
        const field = fieldsOf(FAILURE_MODE, v, errors);
        return (
          <>
            <section className="grid gap-4 sm:grid-cols-[2fr_1fr]">
              <TextField {...field("title")} required />
              <SelectField {...field("severity")} required defaultValue={text(v, "severity") || "SEV3"} options={asOptions(SEVERITY_LABELS)} />
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
            <TextAreaField {...field("detection")} />
            <section className="grid gap-4 sm:grid-cols-2">
              <TextAreaField {...field("customerImpact")} />
              <TextAreaField {...field("causes")} />
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
            <TextAreaField {...field("escalation")} />
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
        );
      }}
    </EntryForm>
  );
}
