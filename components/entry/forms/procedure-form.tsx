"use client";

import { TextAreaField, TextField } from "@/components/ui/field";
import { ListEditor } from "@/components/list-editor";
import { EntryForm, list, text } from "../entry-form";
import { ENTRY_LAYOUTS } from "./layouts";
import { fieldsOf, type TypedFormProps } from "./types";
import { PROCEDURE } from "@/lib/entries/procedure";
import { KeyField } from "./key-field";

export function ProcedureForm(props: TypedFormProps) {
  return (
    <EntryForm {...props} layout={ENTRY_LAYOUTS.PROCEDURE}>
      {({ values: v, errors }) => {
        const field = fieldsOf(PROCEDURE, v, errors);
        return (
          <>
            <section className="grid gap-4 sm:grid-cols-[2fr_1fr]">
              <TextField {...field("title")} required />
              <TextField {...field("estimatedMinutes")} type="number" inputMode="numeric" min={0} />
            </section>
            <KeyField values={v} errors={errors} from="title" />
            <TextAreaField {...field("assumptions")} />
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
              <TextAreaField {...field("verification")} />
              <TextAreaField {...field("rollback")} />
            </section>
            <section className="grid gap-4 sm:grid-cols-[2fr_1fr]">
              <TextField {...field("approvalRequired")} />
              <TextField {...field("drillIntervalDays")} type="number"
                inputMode="numeric"
                min={1}
                max={3650}
                defaultValue={text(v, "drillIntervalDays") || "90"} />
            </section>
          </>
        );
      }}
    </EntryForm>
  );
}
