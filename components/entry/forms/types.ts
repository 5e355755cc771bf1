import type { PickerOption } from "../checkbox-picker";
import type { EntityDescriptor } from "@/lib/entries/descriptor";
import { text, type EntryFormProps, type FormValues } from "../entry-form";

/** The choices a form's pickers offer, per field (lib/data/pickers.ts loads them from the type's references). */
export type PickerChoice = PickerOption;
export type EntryFormOptions = Record<string, PickerChoice[]>;

export type TypedFormProps = EntryFormProps & { options: EntryFormOptions };

export const asOptions = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

/**
 * A form's field as its type's descriptor says (name, label, hint), with the value and
 * errors of the form's state: a label or hint is written once, in lib/entries.
 */
export function fieldsOf(desc: EntityDescriptor, values: FormValues, errors: Record<string, string[] | undefined>) {
  return (name: string) => {
    const spec = desc.fields[name];
    if (!spec) throw new Error(`${desc.type} has no field ${name}`);
    return { name, label: spec.label, hint: spec.hint, defaultValue: text(values, name), errors: errors[name] };
  };
}
