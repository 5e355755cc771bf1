import { z } from "zod";

/** The id of a stored entry (a cuid): letters, digits, "-" and "_" only. */
export const ENTITY_ID = z
  .string()
  .trim()
  .min(1, "Pick an entry")
  .max(40, "Not an entry of this portal")
  .regex(/^[A-Za-z0-9_-]+$/, "Not an entry of this portal");

/** The stable name of an entry in runbook files: lowercase words joined by hyphens. */
export const entryKey = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Key is required")
  .max(60, "Keep the key under 60 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single hyphens, e.g. lambda-timeout");

/** A key typed into a form: empty means "make one from the title" (new entries) or "keep it" (edits). */
export const optionalKey = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .pipe(entryKey.optional())
  .optional();

/** Markdown text; empty is allowed unless a field says otherwise. */
export function markdown(max = 20_000) {
  return z.string().trim().max(max, `Keep this under ${max.toLocaleString("en")} characters`).default("");
}

export function requiredText(label: string, max = 200) {
  return z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);
}

/** An optional reference to another entry: "" in a form means none. */
export const optionalId = z
  .string()
  .trim()
  .max(40, "Not an entry of this portal")
  .regex(/^[A-Za-z0-9_-]*$/, "Not an entry of this portal")
  .transform((value) => (value === "" ? null : value))
  .nullable()
  .default(null);

/** A whole number typed into a form; "" means none. */
export function optionalMinutes(label: string) {
  return z.preprocess(
    (value) => (value === "" || value === undefined ? null : value),
    z.coerce
      .number({ error: `${label} must be a number` })
      .int(`${label} must be a whole number`)
      .min(0, `${label} cannot be negative`)
      .max(100_000, `${label} is too large`)
      .nullable(),
  );
}

export const isoDate = z.iso.datetime({ offset: true }).nullable().default(null);

/** What every save carries besides the entity: the version it started from and why. */
export const changeMetaSchema = z.object({
  expectedVersion: z.coerce.number({ error: "This form lost track of its version; reload the page" }).int().min(1).max(2_147_483_647),
  changeNote: z
    .string()
    .trim()
    .min(1, "Say what changed and why, e.g. “after INC-2041: added the throttling check”")
    .max(500, "Keep the change note under 500 characters"),
  incidentRef: z
    .string()
    .trim()
    .max(100, "Keep the incident reference under 100 characters")
    .transform((value) => value || null)
    .nullable()
    .default(null),
});

export const createMetaSchema = changeMetaSchema
  .omit({ expectedVersion: true })
  .extend({ changeNote: changeMetaSchema.shape.changeNote.or(z.literal("").transform(() => "Created")).default("Created") });

export type ChangeMeta = z.infer<typeof changeMetaSchema>;
export type CreateMeta = z.infer<typeof createMetaSchema>;

/** A version number as a form or a bound argument carries it. */
export const VERSION = z.coerce.number().int().min(1).max(2_147_483_647);

export type FieldErrors = Record<string, string[]>;

/** Flattens zod issues into "a.0.b" paths, the names our form fields use. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const result: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    (result[key] ??= []).push(issue.message);
  }
  return result;
}

/** A list's `?page=`: a whole number from 1; anything else is the first page, not an error. */
export const pageNumber = z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1);
