import type { FormState } from "@/lib/forms";

export type FormMessageProps = { state: FormState };

/** The form-level message of an action's answer, announced to screen readers. */
export function FormMessage({ state }: FormMessageProps) {
  if (!state.message) return null;
  const tone = state.ok ? "border-emerald-300 bg-emerald-50 text-emerald-900" : "border-red-300 bg-red-50 text-red-800";
  return (
    <p role={state.ok ? "status" : "alert"} className={`rounded border p-3 text-sm font-medium ${tone}`}>
      {state.message}
    </p>
  );
}
