import { TextField } from "@/components/ui/field";
import { text, type FormValues } from "../entry-form";

export type KeyFieldProps = { values: FormValues; errors: Record<string, string[]>; from: "title" | "name" };

/** An entry's key: how runbook files name it. Made from the title when left empty; it stays when the title changes. */
export function KeyField({ values, errors, from }: KeyFieldProps) {
  return (
    <TextField
      name="key"
      label="Key"
      defaultValue={text(values, "key")}
      errors={errors.key}
      spellCheck={false}
      autoCapitalize="none"
      hint={`Its name in runbook files, e.g. lambda-timeout. Left empty, it is made from the ${from}; it stays when the ${from} changes.`}
    />
  );
}
