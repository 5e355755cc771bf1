import { z } from "zod";

/**
 * What a person reads when text holds half of a UTF-16 pair (a lone surrogate: JSON's
 * "\ud800", YAML's "\ud800"). No UTF-8 text can hold one: PostgreSQL refuses it in a JSON
 * column, and the driver silently turns it into U+FFFD in a text column.
 */
export const UNSTORABLE_TEXT = "This text holds a character that cannot be stored (half of a UTF-16 surrogate pair, such as \\ud800); remove it.";

/** The check itself, for text schemas not built on text() (a union of "" and a URL). */
export const storable = z.refine<string>((value) => value.isWellFormed(), { message: UNSTORABLE_TEXT });

/**
 * The one base of every text field the portal stores: a string the database can keep as
 * it is. Forms, the API and imports all validate with schemas built on it, so each of them
 * refuses such text with a message under its field, never a 500 or a changed character.
 */
export function text(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).check(storable);
}

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
  return text().trim().max(max, `Keep this under ${max.toLocaleString("en")} characters`).default("");
}

export function requiredText(label: string, max = 200) {
  return text({ error: `${label} is required` })
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

/**
 * A whole number as JSON and YAML carry it, and nothing else: `true`, `[1]` and "0x10" are
 * refused, not coerced. Forms send text: numbersFromForm (lib/forms.ts) turns theirs into
 * numbers first, so the API and imports stay as strict as their documents say.
 */
export function wholeNumber(label: string, unit = "") {
  return z.number({ error: `${label} must be a number${unit && ` of ${unit}`}` }).int(`${label} must be a whole number${unit && ` of ${unit}`}`);
}

/** Minutes, or none (null, or left out). */
export function optionalMinutes(label: string) {
  return wholeNumber(label).min(0, `${label} cannot be negative`).max(100_000, `${label} is too large`).nullable().default(null);
}

export const isoDate = z.iso.datetime({ offset: true }).nullable().default(null);

/** What every save carries besides the entity: the version it started from and why. */
export const changeMetaSchema = z.object({
  expectedVersion: z.coerce.number({ error: "This form lost track of its version; reload the page" }).int().min(1).max(2_147_483_647),
  changeNote: text()
    .trim()
    .min(1, "Say what changed and why, e.g. “after INC-2041: added the throttling check”")
    .max(500, "Keep the change note under 500 characters"),
  incidentRef: text()
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

/** What history keeps of a deleted entry: when it was deleted. */
export const deletedField = { deletedAt: isoDate };
