"use client";

import { TextAreaField, TextField } from "@/components/ui/field";
import { EntryForm, list, text } from "../entry-form";
import { ContactsPicker } from "./contacts-picker";
import type { TypedFormProps } from "./types";
import { KeyField } from "./key-field";

export function EscalationLevelForm({ options, ...props }: TypedFormProps) {
  return (
    <EntryForm {...props}>
      {({ values: v, errors }) => (
        <>
          <section className="grid gap-4 sm:grid-cols-[1fr_3fr]">
            <TextField name="level" label="Level" required type="number" inputMode="numeric" min={1} defaultValue={text(v, "level")} errors={errors.level} hint="1 is called first." />
            <TextField name="name" label="Name" required defaultValue={text(v, "name")} errors={errors.name} hint="e.g. “On-call engineer”." />
          </section>
          <section className="grid gap-4 sm:grid-cols-2">
            <TextField name="afterMinutes" label="After minutes" type="number" inputMode="numeric" min={0} defaultValue={text(v, "afterMinutes")} errors={errors.afterMinutes} hint="Minutes into the incident when this level is called." />
            <TextField name="expectedResponseMinutes" label="Expected response minutes" type="number" inputMode="numeric" min={0} defaultValue={text(v, "expectedResponseMinutes")} errors={errors.expectedResponseMinutes} />
          </section>
          <KeyField values={v} errors={errors} from="name" />
          <TextAreaField name="when" label="When" defaultValue={text(v, "when")} errors={errors.when} hint="What has to be true to call this level." />
          <TextAreaField name="responsibilities" label="Responsibilities" defaultValue={text(v, "responsibilities")} errors={errors.responsibilities} />
          <ContactsPicker contacts={options.contactIds ?? []} selected={list<string>(v, "contactIds")} errors={errors.contactIds} />
        </>
      )}
    </EntryForm>
  );
}
