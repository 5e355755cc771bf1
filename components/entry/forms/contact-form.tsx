"use client";

import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { CONTACT_KIND_LABELS } from "@/lib/validation/contact";
import { EntryForm, text } from "../entry-form";
import { ENTRY_LAYOUTS } from "./layouts";
import { asOptions, fieldsOf, type TypedFormProps } from "./types";
import { CONTACT } from "@/lib/entries/contact";
import { KeyField } from "./key-field";

export function ContactForm(props: TypedFormProps) {
  return (
    <EntryForm {...props} layout={ENTRY_LAYOUTS.CONTACT}>
      {({ values: v, errors }) => {
        const field = fieldsOf(CONTACT, v, errors);
        return (
          <>
            <section className="grid gap-4 sm:grid-cols-2">
              <TextField {...field("name")} required />
              <SelectField {...field("kind")} required defaultValue={text(v, "kind") || "PERSON"} options={asOptions(CONTACT_KIND_LABELS)} />
              <KeyField values={v} errors={errors} from="name" />
              <TextField {...field("role")} />
              <TextField {...field("phone")} type="tel" />
              <TextField {...field("email")} type="email" />
              <TextField {...field("chat")} />
              <TextField {...field("pagerUrl")} type="url" />
            </section>
            <TextAreaField {...field("notes")} />
          </>
        );
      }}
    </EntryForm>
  );
}
