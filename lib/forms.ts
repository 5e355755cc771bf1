import type { FieldErrors } from "@/lib/validation/common";
import type { FieldChange } from "@/lib/history/diff";

/** What a form's server action answers with, for useActionState. */
export type FormState = {
  ok?: boolean;
  message?: string;
  fieldErrors?: FieldErrors;
  /** what the user submitted, so the form shows it again */
  values?: Record<string, unknown>;
  conflict?: ConflictInfo;
};

export type ConflictInfo = {
  yourVersion: number;
  currentVersion: number;
  changes: FieldChange[];
  authors: string[];
  names: Record<string, string>;
};

/**
 * Turns form fields into an object. Names with dots and numbers build nested lists:
 * "links.0.label" → { links: [{ label }] }. Next.js's own "$ACTION_…" fields are dropped.
 */
export function formToObject(formData: FormData): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of formData.entries()) {
    if (name.startsWith("$ACTION") || typeof value !== "string") continue;
    const path = name.split(".");
    let node: Record<string, unknown> | unknown[] = result;
    path.forEach((key, index) => {
      const last = index === path.length - 1;
      const nextIsIndex = /^\d+$/.test(path[index + 1] ?? "");
      const container = node as Record<string, unknown>;
      if (last) {
        if (key.endsWith("[]")) {
          const listKey = key.slice(0, -2);
          ((container[listKey] ??= []) as unknown[]).push(value);
        } else container[key] = value;
      } else {
        container[key] ??= nextIsIndex ? [] : {};
        node = container[key] as Record<string, unknown>;
      }
    });
  }
  for (const [key, value] of Object.entries(result)) {
    if (Array.isArray(value)) result[key] = value.filter((item) => item !== undefined);
  }
  return result;
}
