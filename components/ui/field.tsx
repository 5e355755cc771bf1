import type { ComponentProps, ReactNode } from "react";

// Form fields with a visible label, a hint, and the error under the field, linked
// to the input for screen readers.

const inputClass =
  "block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-500 aria-[invalid=true]:border-red-700 aria-[invalid=true]:ring-1 aria-[invalid=true]:ring-red-700";

export type FieldProps = {
  name: string;
  label: string;
  errors?: string[];
  hint?: ReactNode;
  required?: boolean;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string; className: string }) => ReactNode;
};

export function Field({ name, label, errors, hint, required, children }: FieldProps) {
  const id = `field-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <div className="flex gap-1 text-sm font-semibold text-slate-900">
        <label htmlFor={id}>{label}</label>
        {required ? (
          <span aria-hidden className="text-red-700">
            *
          </span>
        ) : null}
      </div>
      {children({ id, "aria-invalid": !!errors?.length, "aria-describedby": describedBy, className: inputClass })}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={`${id}-error`} className="text-sm font-medium text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

type Base = { name: string; label: string; errors?: string[]; hint?: ReactNode; required?: boolean };

export function TextField({ name, label, errors, hint, required, ...input }: Base & Omit<ComponentProps<"input">, "name">) {
  return (
    <Field name={name} label={label} errors={errors} hint={hint} required={required}>
      {(props) => <input name={name} required={required} {...props} {...input} />}
    </Field>
  );
}

export function TextAreaField({ name, label, errors, hint, required, rows = 3, ...input }: Base & Omit<ComponentProps<"textarea">, "name">) {
  return (
    <Field name={name} label={label} errors={errors} hint={hint} required={required}>
      {(props) => <textarea name={name} rows={rows} required={required} {...props} {...input} />}
    </Field>
  );
}

export function SelectField({
  name,
  label,
  errors,
  hint,
  required,
  options,
  ...select
}: Base & Omit<ComponentProps<"select">, "name"> & { options: { value: string; label: string }[] }) {
  return (
    <Field name={name} label={label} errors={errors} hint={hint} required={required}>
      {(props) => (
        <select name={name} required={required} {...props} {...select}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
