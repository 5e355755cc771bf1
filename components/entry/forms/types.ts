import type { PickerOption } from "../checkbox-picker";
import type { EntryFormProps } from "../entry-form";

/** The choices a form's pickers offer, per field (lib/data/pickers.ts loads them from the type's references). */
export type PickerChoice = PickerOption;
export type EntryFormOptions = Record<string, PickerChoice[]>;

export type TypedFormProps = EntryFormProps & { options: EntryFormOptions };

export const asOptions = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
