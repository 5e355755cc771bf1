"use client";

import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { DEPENDENCY_KIND_LABELS } from "@/lib/validation/dependency";
import { EntryForm, text } from "../entry-form";
import { ENTRY_LAYOUTS } from "./layouts";
import { asOptions, fieldsOf, type TypedFormProps } from "./types";
import { DEPENDENCY } from "@/lib/entries/dependency";
import { KeyField } from "./key-field";

export function DependencyForm({ options, ...props }: TypedFormProps) {
  const systems = [{ value: "", label: "— not a system in the portal —" }, ...(options.dependsOnSystemId ?? []).map((s) => ({ value: s.id, label: s.label }))];
  return (
    <EntryForm {...props} layout={ENTRY_LAYOUTS.DEPENDENCY}>
      {({ values: v, errors }) => {
        const field = fieldsOf(DEPENDENCY, v, errors);
        return (
          <>
            <section className="grid gap-4 sm:grid-cols-2">
              <TextField {...field("name")} required />
              <SelectField {...field("kind")} required defaultValue={text(v, "kind") || "OTHER"} options={asOptions(DEPENDENCY_KIND_LABELS)} />
              <KeyField values={v} errors={errors} from="name" />
              <SelectField {...field("dependsOnSystemId")} options={systems} />
            </section>
            <TextAreaField {...field("usedFor")} />
            <TextAreaField {...field("failureModes")} />
            <section className="grid gap-4 sm:grid-cols-2">
              <TextAreaField {...field("impact")} />
              <TextAreaField {...field("detection")} />
            </section>
            <TextAreaField {...field("mitigation")} />
          </>
        );
      }}
    </EntryForm>
  );
}
