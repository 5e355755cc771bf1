import { z } from "zod";
import { ENTITIES, ENTRY_TYPE_LIST, type EntityDescriptor, type EntryType } from "@/lib/entries";
import { changeMetaSchema, createMetaSchema, ENTITY_ID } from "@/lib/validation/common";

// What the API makes of each entry type's descriptor: its collection in /api/v1, the
// bodies its writes take (the form schema, strict, with the change note beside it), the
// filters of its list (one per enum field), and the shape of an entry in answers (the
// snapshot history keeps, with id and version). Nothing here is written per type.

export type Collection = {
  type: EntryType;
  desc: EntityDescriptor;
  /** the URL segment: /api/v1/failure-modes */
  name: string;
  /** the fields a write sets: the form schema's */
  writable: string[];
  /** fields answers carry that no write sets (a child's system, deletedAt, review marks) */
  readOnly: string[];
  /** list filters by value: severity, tier, kind */
  enumFilters: Record<string, z.ZodEnum>;
  create: z.ZodObject;
  replace: z.ZodObject;
  /** PATCH: which fields may be sent; their values are checked merged with the entry's */
  patch: z.ZodObject;
  entry: z.ZodObject;
};

const meta = {
  changeNote: changeMetaSchema.shape.changeNote.describe("Why: shown in the entry's history"),
  incidentRef: changeMetaSchema.shape.incidentRef.optional().describe("The incident this change comes from, e.g. INC-2041"),
};

/** What a read-only field holds: an id, a version, a time, or nothing. */
// (a system's readiness exceptions are a list: set by an admin on /readiness, echoed like the rest)
const echo = z.union([z.string().max(100), z.number(), z.boolean(), z.null(), z.array(z.object({ rule: z.string().max(40), reason: z.string().max(500) })).max(20)]);

const systemOf = z.string().trim().min(1, "Pick a system").max(80).describe("The system the entry belongs to: its slug or id");

function collectionOf(type: EntryType): Collection {
  const desc = ENTITIES[type];
  const shape = desc.schema.shape as Record<string, z.ZodType>;
  const writable = Object.keys(shape);
  const readOnly = Object.keys(desc.fields).filter((field) => !writable.includes(field));
  const enumFilters = Object.fromEntries(
    Object.entries(desc.fields)
      .filter(([field, spec]) => spec.kind === "enum" && shape[field] instanceof z.ZodEnum)
      .map(([field]) => [field, shape[field] as z.ZodEnum]),
  );
  // Fields an answer carries may come back in a PUT unchanged (read, change, write back); the endpoint refuses a changed one.
  const echoed = Object.fromEntries(["id", "version", ...readOnly].map((field) => [field, echo.optional()]));
  const create = desc.schema
    .extend({ changeNote: createMetaSchema.shape.changeNote.describe("Why: shown in the entry's history; “Created” when left out"), incidentRef: meta.incidentRef })
    .extend(desc.ofSystem ? { system: systemOf } : {})
    .strict();
  const replace = desc.schema.extend(meta).extend(echoed).strict();
  // Each field as a save takes it; the endpoint checks the fields sent again merged with the entry's, as a whole save.
  const patch = desc.schema.partial().extend(meta).extend(echoed).strict();
  const entry = (desc.snapshotSchema as z.ZodObject).extend({ id: ENTITY_ID, version: z.number().int().min(1) }).strict();
  return { type, desc, name: desc.segment!, writable, readOnly, enumFilters, create, replace, patch, entry };
}

export const COLLECTIONS: Collection[] = ENTRY_TYPE_LIST.map(collectionOf);

export function collectionNamed(name: string): Collection | undefined {
  return COLLECTIONS.find((collection) => collection.name === name);
}

export const LIMIT_DEFAULT = 50;
export const LIMIT_MAX = 200;

/** The query of a list: paging, the browse pages' filters, and one filter per enum field. */
export function listQuerySchema(collection: Collection) {
  return z
    .object({
      limit: z.coerce.number().int().min(1).max(LIMIT_MAX).default(LIMIT_DEFAULT).describe(`Entries per page, 1–${LIMIT_MAX}`),
      cursor: z.string().max(200).optional().describe("From the previous page's nextCursor"),
      q: z.string().trim().max(200).optional().describe("Search words: only the live entries that match, at most the 500 best (as the browse pages)"),
      deleted: z.enum(["true", "false"]).default("false").describe("true: deleted entries too"),
      ...(collection.desc.ofSystem ? { system: systemOf.optional() } : {}),
      ...Object.fromEntries(Object.entries(collection.enumFilters).map(([field, schema]) => [field, schema.optional()])),
    })
    .strict();
}
