"use client";

import { useState, useTransition } from "react";
import { TextField } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { CONTACT_KIND_LABELS } from "@/lib/validation/contact";
import { createContactInline } from "@/lib/entries/actions";
import { CheckboxPicker } from "../checkbox-picker";
import type { PickerChoice } from "./types";

export type ContactsPickerProps = { contacts: PickerChoice[]; selected: string[]; errors?: string[] };

/** The contacts of an escalation level, with a way to add a missing one without leaving the form. */
export function ContactsPicker({ contacts, selected, errors }: ContactsPickerProps) {
  const [all, setAll] = useState(contacts);
  const [checked, setChecked] = useState(selected);
  const [draft, setDraft] = useState({ name: "", kind: "PERSON", role: "", phone: "", email: "" });
  const [draftErrors, setDraftErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState("");
  const [pending, startTransition] = useTransition();

  const add = () =>
    startTransition(async () => {
      const result = await createContactInline(draft);
      if (!result.ok) {
        setDraftErrors(result.fieldErrors ?? {});
        setMessage(result.message);
        return;
      }
      const added = { id: result.contact.id, label: result.contact.name, detail: result.contact.role || undefined };
      setAll((current) => [...current, added].sort((a, b) => a.label.localeCompare(b.label)));
      setChecked((current) => [...current, result.contact.id]);
      setDraft({ name: "", kind: "PERSON", role: "", phone: "", email: "" });
      setDraftErrors({});
      setMessage(`Added ${result.contact.name} to the shared contacts and to this level.`);
    });

  const draftField = (key: keyof typeof draft, label: string, type = "text") => (
    <TextField
      name={`newContact-${key}`}
      label={label}
      type={type}
      value={draft[key]}
      errors={draftErrors[key]}
      form="none"
      onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          add();
        }
      }}
    />
  );

  return (
    <CheckboxPicker
      name="contactIds"
      legend="Contacts"
      options={all}
      selected={checked}
      onSelectedChange={setChecked}
      errors={errors}
      hint="Who is called at this level, from the shared contacts."
      emptyText="No contacts yet: add one below."
    >
      <details className="rounded border border-slate-200 bg-slate-50 p-2">
        <summary className="cursor-pointer text-sm font-semibold">Add a new contact</summary>
        <div className="mt-2 grid gap-3 sm:grid-cols-2">
          {draftField("name", "New contact name")}
          <div className="space-y-1">
            <label htmlFor="newContact-kind" className="block text-sm font-semibold">New contact kind</label>
            <select id="newContact-kind" form="none" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })} className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-sm">
              {Object.entries(CONTACT_KIND_LABELS).map(([value, label]) => (
                <option key={value} value={value}>{label}</option>
              ))}
            </select>
          </div>
          {draftField("role", "New contact role")}
          {draftField("phone", "New contact phone", "tel")}
          {draftField("email", "New contact email", "email")}
        </div>
        <div className="mt-2 flex items-center gap-3">
          <Button variant="secondary" onClick={add} disabled={pending}>
            {pending ? "Adding…" : "Add contact"}
          </Button>
          <p aria-live="polite" className="text-sm">{message}</p>
        </div>
      </details>
    </CheckboxPicker>
  );
}
