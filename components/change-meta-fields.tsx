import { TextField } from "@/components/ui/field";

export type ChangeMetaFieldsProps = {
  expectedVersion?: number;
  values?: Record<string, unknown>;
  errors: Record<string, string[]>;
  requireNote: boolean;
};

/** "Change note" and "Incident" on every edit, and the version the edit started from. */
export function ChangeMetaFields({ expectedVersion, values = {}, errors, requireNote }: ChangeMetaFieldsProps) {
  return (
    <fieldset className="grid gap-4 rounded-lg border border-slate-300 bg-slate-50 p-3 sm:grid-cols-[2fr_1fr]">
      <legend className="px-1 text-sm font-semibold">Why this change</legend>
      {expectedVersion !== undefined ? <input type="hidden" name="expectedVersion" value={expectedVersion} /> : null}
      <TextField
        name="changeNote"
        label="Change note"
        required={requireNote}
        defaultValue={String(values.changeNote ?? "")}
        errors={errors.changeNote}
        hint="What changed and why, e.g. “after INC-2041: added the throttling check”."
      />
      <TextField name="incidentRef" label="Incident" defaultValue={String(values.incidentRef ?? "")} errors={errors.incidentRef} hint="Optional, e.g. INC-2041." />
    </fieldset>
  );
}
