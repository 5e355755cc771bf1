"use client";

import { TextAreaField, TextField } from "@/components/ui/field";
import { ListEditor } from "@/components/list-editor";
import { EntryForm, list, text } from "../entry-form";
import type { TypedFormProps } from "./types";
import { KeyField } from "./key-field";

export function ProcedureForm(props: TypedFormProps) {
  return (
    <EntryForm {...props}>
      {({ values: v, errors }) => (
        <>
          <section className="grid gap-4 sm:grid-cols-[2fr_1fr]">
            <TextField name="title" label="Title" required defaultValue={text(v, "title")} errors={errors.title} hint="What it fixes, e.g. “Re-run failed invoices”." />
            <TextField name="estimatedMinutes" label="Estimated minutes" type="number" inputMode="numeric" min={0} defaultValue={text(v, "estimatedMinutes")} errors={errors.estimatedMinutes} />
          </section>
          <KeyField values={v} errors={errors} from="title" />
          <TextAreaField name="assumptions" label="Assumptions" defaultValue={text(v, "assumptions")} errors={errors.assumptions} hint="Access and state it needs before step 1." />
          <ListEditor
            name="steps"
            legend="Steps"
            itemLabel="Step"
            addLabel="Add step"
            initial={list<Record<string, string>>(v, "steps")}
            errors={errors}
            hint="Each with what to do, the exact command if there is one, and what you should see."
            columns={[
              { key: "instruction", label: "Instruction", multiline: true, wide: true },
              { key: "command", label: "Command", multiline: true, mono: true, wide: true, placeholder: "aws lambda invoke …" },
              { key: "expectedResult", label: "Expected result", wide: true },
            ]}
          />
          <section className="grid gap-4 sm:grid-cols-2">
            <TextAreaField name="verification" label="Verification" defaultValue={text(v, "verification")} errors={errors.verification} hint="How to know it worked." />
            <TextAreaField name="rollback" label="Rollback" defaultValue={text(v, "rollback")} errors={errors.rollback} />
          </section>
          <section className="grid gap-4 sm:grid-cols-[2fr_1fr]">
            <TextField name="approvalRequired" label="Approval required" defaultValue={text(v, "approvalRequired")} errors={errors.approvalRequired} hint="Who must agree first, if anyone." />
            <TextField
              name="drillIntervalDays"
              label="Drill interval (days)"
              type="number"
              inputMode="numeric"
              min={1}
              max={3650}
              defaultValue={text(v, "drillIntervalDays") || "90"}
              errors={errors.drillIntervalDays}
              hint="How often to practise it; a drill is overdue after this."
            />
          </section>
        </>
      )}
    </EntryForm>
  );
}
