import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import type { EntityDescriptor, FieldKind } from "@/lib/entries/descriptor";
import { text, type FormValues } from "./entry-form";

// The fields of a type that its form does not lay out itself: a field added to a
// descriptor is in the form at once, in its descriptor's order, with its label and hint.
// A form lays out by hand only what needs more than its kind says (pickers, lists,
// a slug that follows the name).

/** The kinds a field can have and still be shown without a form line of its own. */
export const GENERIC_KINDS: ReadonlySet<FieldKind> = new Set(["text", "markdown", "number", "enum"]);

/** The fields of `desc` a form sets and does not lay out itself. */
export function moreFieldsOf(desc: EntityDescriptor, laidOut: readonly string[]): string[] {
  return Object.entries(desc.fields)
    .filter(([name, spec]) => spec.input && !laidOut.includes(name))
    .map(([name]) => name);
}

/** The choices of an enum field, from its validation. */
function choicesOf(input: unknown): string[] {
  const options = (input as { options?: unknown }).options;
  return Array.isArray(options) ? options.map(String) : [];
}

export function MoreFields({ desc, laidOut, values, errors }: { desc: EntityDescriptor; laidOut: readonly string[]; values: FormValues; errors: Record<string, string[]> }) {
  const names = moreFieldsOf(desc, laidOut).filter((name) => GENERIC_KINDS.has(desc.fields[name]!.kind));
  if (names.length === 0) return null;
  return (
    <section className="space-y-4" data-more-fields>
      {names.map((name) => {
        const spec = desc.fields[name]!;
        const props = { name, label: spec.label, hint: spec.hint, defaultValue: text(values, name), errors: errors[name] };
        if (spec.kind === "markdown") return <TextAreaField key={name} {...props} />;
        if (spec.kind === "number") return <TextField key={name} {...props} type="number" inputMode="numeric" />;
        if (spec.kind === "enum") return <SelectField key={name} {...props} options={choicesOf(spec.input).map((value) => ({ value, label: value }))} />;
        return <TextField key={name} {...props} />;
      })}
    </section>
  );
}
