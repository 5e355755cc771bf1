"use client";

import { TextAreaField, TextField } from "@/components/ui/field";
import { EntryForm, list } from "../entry-form";
import { ContactsPicker } from "./contacts-picker";
import { ENTRY_LAYOUTS } from "./layouts";
import { fieldsOf, type TypedFormProps } from "./types";
import { ESCALATION_LEVEL } from "@/lib/entries/escalation-level";
import { KeyField } from "./key-field";

export function EscalationLevelForm({ options, ...props }: TypedFormProps) {
  return (
    <EntryForm {...props} layout={ENTRY_LAYOUTS.ESCALATION_LEVEL}>
      {({ values: v, errors }) => {
        const field = fieldsOf(ESCALATION_LEVEL, v, errors);
        return (
          <>
            <section className="grid gap-4 sm:grid-cols-[1fr_3fr]">
              <TextField {...field("level")} required type="number" inputMode="numeric" min={1} />
              <TextField {...field("name")} required />
            </section>
            <section className="grid gap-4 sm:grid-cols-2">
              <TextField {...field("afterMinutes")} type="number" inputMode="numeric" min={0} />
              <TextField {...field("expectedResponseMinutes")} type="number" inputMode="numeric" min={0} />
            </section>
            <KeyField values={v} errors={errors} from="name" />
            <TextAreaField {...field("when")} />
            <TextAreaField {...field("responsibilities")} />
            <ContactsPicker contacts={options.contactIds ?? []} selected={list<string>(v, "contactIds")} errors={errors.contactIds} />
          </>
        );
      }}
    </EntryForm>
  );
}
