"use client";

import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { CONTACT_KIND_LABELS } from "@/lib/validation/contact";
import { EntryForm, text } from "../entry-form";
import { asOptions, type TypedFormProps } from "./types";
import { KeyField } from "./key-field";

export function ContactForm(props: TypedFormProps) {
  return (
    <EntryForm {...props}>
      {({ values: v, errors }) => (
        <>
          <section className="grid gap-4 sm:grid-cols-2">
            <TextField name="name" label="Name" required defaultValue={text(v, "name")} errors={errors.name} />
            <SelectField name="kind" label="Kind" required defaultValue={text(v, "kind") || "PERSON"} errors={errors.kind} options={asOptions(CONTACT_KIND_LABELS)} />
            <KeyField values={v} errors={errors} from="name" />
            <TextField name="role" label="Role" defaultValue={text(v, "role")} errors={errors.role} hint="e.g. “Team lead, invoice pipeline”." />
            <TextField name="phone" label="Phone" type="tel" defaultValue={text(v, "phone")} errors={errors.phone} />
            <TextField name="email" label="Email" type="email" defaultValue={text(v, "email")} errors={errors.email} />
            <TextField name="chat" label="Chat" defaultValue={text(v, "chat")} errors={errors.chat} hint="Channel or handle, e.g. #retail-data-oncall." />
            <TextField name="pagerUrl" label="Pager URL" type="url" defaultValue={text(v, "pagerUrl")} errors={errors.pagerUrl} />
          </section>
          <TextAreaField name="notes" label="Notes" defaultValue={text(v, "notes")} errors={errors.notes} hint="Hours, language, contract number. Markdown." />
        </>
      )}
    </EntryForm>
  );
}
