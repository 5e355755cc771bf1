"use client";

import { useState, useTransition } from "react";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { ListEditor } from "@/components/list-editor";
import { Button } from "@/components/ui/button";
import { CONTACT_KIND_LABELS, DEPENDENCY_KIND_LABELS, SEVERITY_LABELS } from "@/lib/validation/runbook";
import { createContactInline } from "@/lib/entries/actions";
import { CheckboxPicker, type PickerOption } from "./checkbox-picker";
import { EntryForm, list, text, type EntryFormProps } from "./entry-form";

// The forms of the runbook entry types. Everything they share (messages, conflicts,
// change note, Save) is EntryForm; here are only each type's fields.

export type EntryFormOptions = {
  systems?: { id: string; name: string }[];
  procedures?: { id: string; title: string }[];
  contacts?: { id: string; name: string; role: string }[];
};

export type TypedFormProps = EntryFormProps & { options: EntryFormOptions };

const asOptions = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

export function DependencyForm({ options, ...props }: TypedFormProps) {
  const systems = [{ value: "", label: "— not a system in the portal —" }, ...(options.systems ?? []).map((s) => ({ value: s.id, label: s.name }))];
  return (
    <EntryForm {...props}>
      {({ values: v, errors }) => (
        <>
          <section className="grid gap-4 sm:grid-cols-2">
            <TextField name="name" label="Name" required defaultValue={text(v, "name")} errors={errors.name} hint="e.g. “Amazon Textract” or “Orders database”." />
            <SelectField name="kind" label="Kind" required defaultValue={text(v, "kind") || "OTHER"} errors={errors.kind} options={asOptions(DEPENDENCY_KIND_LABELS)} />
            <SelectField name="dependsOnSystemId" label="System in the portal" defaultValue={text(v, "dependsOnSystemId")} errors={errors.dependsOnSystemId} options={systems} hint="When the dependency has its own runbook here, link it." />
          </section>
          <TextAreaField name="usedFor" label="Used for" defaultValue={text(v, "usedFor")} errors={errors.usedFor} />
          <TextAreaField name="failureModes" label="How it fails" defaultValue={text(v, "failureModes")} errors={errors.failureModes} hint="Throttling, timeouts, outages: what it looks like from our side." />
          <section className="grid gap-4 sm:grid-cols-2">
            <TextAreaField name="impact" label="Impact" defaultValue={text(v, "impact")} errors={errors.impact} />
            <TextAreaField name="detection" label="Detection" defaultValue={text(v, "detection")} errors={errors.detection} />
          </section>
          <TextAreaField name="mitigation" label="Mitigation" defaultValue={text(v, "mitigation")} errors={errors.mitigation} hint="The fallback while it is down." />
        </>
      )}
    </EntryForm>
  );
}

export function FailureModeForm({ options, ...props }: TypedFormProps) {
  const procedures: PickerOption[] = (options.procedures ?? []).map((p) => ({ id: p.id, label: p.title }));
  return (
    <EntryForm {...props}>
      {({ values: v, errors }) => (
        <>
          <section className="grid gap-4 sm:grid-cols-[2fr_1fr]">
            <TextField name="title" label="Title" required defaultValue={text(v, "title")} errors={errors.title} hint="How on-call would name it, e.g. “Lambda timeout”." />
            <SelectField name="severity" label="Severity" required defaultValue={text(v, "severity") || "SEV3"} errors={errors.severity} options={asOptions(SEVERITY_LABELS)} />
          </section>
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

export function ProcedureForm(props: TypedFormProps) {
  return (
    <EntryForm {...props}>
      {({ values: v, errors }) => (
        <>
          <section className="grid gap-4 sm:grid-cols-[2fr_1fr]">
            <TextField name="title" label="Title" required defaultValue={text(v, "title")} errors={errors.title} hint="What it fixes, e.g. “Re-run failed invoices”." />
            <TextField name="estimatedMinutes" label="Estimated minutes" type="number" inputMode="numeric" min={0} defaultValue={text(v, "estimatedMinutes")} errors={errors.estimatedMinutes} />
          </section>
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
          <TextField name="approvalRequired" label="Approval required" defaultValue={text(v, "approvalRequired")} errors={errors.approvalRequired} hint="Who must agree first, if anyone." />
        </>
      )}
    </EntryForm>
  );
}

const contactLabel = (c: { name: string; role: string }) => ({ label: c.name, detail: c.role || undefined });

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
          <TextAreaField name="when" label="When" defaultValue={text(v, "when")} errors={errors.when} hint="What has to be true to call this level." />
          <TextAreaField name="responsibilities" label="Responsibilities" defaultValue={text(v, "responsibilities")} errors={errors.responsibilities} />
          <ContactsPicker contacts={options.contacts ?? []} selected={list<string>(v, "contactIds")} errors={errors.contactIds} />
        </>
      )}
    </EntryForm>
  );
}

/** The contacts of an escalation level, with a way to add a missing one without leaving the form. */
function ContactsPicker({ contacts, selected, errors }: { contacts: { id: string; name: string; role: string }[]; selected: string[]; errors?: string[] }) {
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
      setAll((current) => [...current, result.contact].sort((a, b) => a.name.localeCompare(b.name)));
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
      options={all.map((c) => ({ id: c.id, ...contactLabel(c) }))}
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

export function ContactForm(props: TypedFormProps) {
  return (
    <EntryForm {...props}>
      {({ values: v, errors }) => (
        <>
          <section className="grid gap-4 sm:grid-cols-2">
            <TextField name="name" label="Name" required defaultValue={text(v, "name")} errors={errors.name} />
            <SelectField name="kind" label="Kind" required defaultValue={text(v, "kind") || "PERSON"} errors={errors.kind} options={asOptions(CONTACT_KIND_LABELS)} />
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
