import { z } from "zod";
import { Document } from "yaml";
import { CHILD_TYPES, ENTITIES, type ChildType, type EntityDescriptor } from "@/lib/entries";
import type { Reference } from "@/lib/entries/descriptor";
import { entryKey } from "@/lib/validation/common";
import { emailSchema } from "@/lib/validation/user";
import { slugSchema } from "@/lib/validation/system";

// The runbooks-as-code format, runbook-portal/v1 (docs/format.md): one YAML document per
// system holding the system and its children, and one document of the shared contacts.
// Entries refer to each other by stable names (a system's slug, every other entry's key),
// never by database ids. The schemas below are derived from each type's descriptor and
// form schema (lib/entries), so the files accept exactly what the forms accept.

export const FORMAT = "runbook-portal/v1";

/** Fields that belong to the database, not to a runbook file. */
const NOT_IN_FILES = new Set(["id", "systemId", "deletedAt", "version", "lastReviewedById", "readinessExceptions", "changesNeedApproval"]);

/** How a file names a linked entry: by slug where the type is addressed by one, else by key. */
const referenceName = (type: Reference["to"]) => (ENTITIES[type].address === "slug" ? slugSchema : entryKey);

/** One entry as a file holds it: its form schema, with links as names instead of ids, its key required, unknown fields refused. */
function entrySchema(desc: EntityDescriptor) {
  const omitted = Object.fromEntries(desc.references.map((reference) => [reference.field, true])) as Record<string, true> & Record<number, never>;
  const links = Object.fromEntries(
    desc.references.map((reference) => [
      reference.fileName,
      reference.many ? z.array(referenceName(reference.to)).default([]) : referenceName(reference.to).optional(),
    ]),
  );
  return desc.schema
    .omit(omitted)
    .extend({ ...(desc.file!.key === "key" ? { key: entryKey } : {}), ...links, deleted: z.literal(true).optional() })
    .strict();
}

const childSchemas = Object.fromEntries(CHILD_TYPES.map((type) => [ENTITIES[type].file!.collection, z.array(entrySchema(ENTITIES[type])).default([])])) as Record<
  string,
  z.ZodDefault<z.ZodArray<ReturnType<typeof entrySchema>>>
>;

export const systemFileSchema = entrySchema(ENTITIES.SYSTEM)
  .extend({
    format: z.literal(FORMAT, { error: `Start the file with "format: ${FORMAT}"` }),
    kind: z.literal("system"),
    lastReviewedAt: z.iso.datetime({ offset: true }).optional(),
    /** the reviewer's account, by email (accounts are not in runbook files) */
    lastReviewedBy: emailSchema.optional(),
    ...childSchemas,
  })
  .strict();

export const contactsFileSchema = z
  .object({
    format: z.literal(FORMAT, { error: `Start the file with "format: ${FORMAT}"` }),
    kind: z.literal("contacts"),
    contacts: z.array(entrySchema(ENTITIES.CONTACT)).default([]),
  })
  .strict();

export const runbookFileSchema = z.discriminatedUnion("kind", [systemFileSchema, contactsFileSchema]);

/** An entry as a file holds it (validated by the schemas above, whose types are as general as the descriptors'). */
export type FileEntry = Record<string, unknown>;
export type SystemFile = FileEntry & { format: string; kind: "system"; slug: string; lastReviewedAt?: string; lastReviewedBy?: string };
export type ContactsFile = { format: string; kind: "contacts"; contacts: FileEntry[] };
export type RunbookFile = SystemFile | ContactsFile;

/** The children of one type in a system's file. */
export function childrenIn(document: SystemFile, type: ChildType): FileEntry[] {
  return (document[childCollection(type)] as FileEntry[] | undefined) ?? [];
}

/** The JSON Schema of a runbook file, for editors and CI checks in a repository (docs/runbook-portal.schema.json). */
export function runbookJsonSchema() {
  return {
    ...z.toJSONSchema(runbookFileSchema, {
      io: "input",
      unrepresentable: "any",
      target: "draft-2020-12",
      // A field whose schema fills in a value when it is missing (an empty number becomes null) may be left out of a file.
      override: ({ zodSchema, jsonSchema }) => {
        if (!(zodSchema instanceof z.ZodObject) || !Array.isArray(jsonSchema.required)) return;
        const shape = zodSchema.shape as Record<string, z.ZodType>;
        jsonSchema.required = jsonSchema.required.filter((key) => !shape[key]?.safeParse(undefined).success);
      },
    }),
    $id: "https://runbook-portal.invalid/schemas/runbook-portal-v1.json",
    title: "Runbook Portal runbook file (runbook-portal/v1)",
  };
}

/** An empty value is left out of a file: the schemas put it back on import. */
function isEmpty(value: unknown) {
  return value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
}

/**
 * An entry of `desc` in file order: its key first, then its fields in the descriptor's
 * order, links by name (`names` turns an id into a slug or key), empty values left out.
 */
export function toFileEntry(desc: EntityDescriptor, snapshot: Record<string, unknown>, names: (type: string, id: string) => string | undefined): FileEntry {
  const entry: FileEntry = {};
  const keyField = desc.file!.key;
  entry[keyField] = snapshot[keyField];
  for (const field of Object.keys(desc.fields)) {
    if (field === keyField || NOT_IN_FILES.has(field)) continue;
    const reference = desc.references.find((r) => r.field === field);
    const value = snapshot[field];
    if (reference) {
      const ids = Array.isArray(value) ? value : value ? [value] : [];
      const resolved = ids.map((id) => names(reference.to, String(id))).filter((name): name is string => !!name);
      const linked = reference.many ? [...resolved].sort() : resolved[0];
      if (!isEmpty(linked)) entry[reference.fileName] = linked;
    } else if (desc.fields[field]!.kind === "items" && Array.isArray(value)) {
      if (value.length) entry[field] = value.map((item) => orderedItem(desc, field, item as Record<string, unknown>));
    } else if (!isEmpty(value)) {
      entry[field] = value;
    }
  }
  if (snapshot.deletedAt) entry.deleted = true;
  return entry;
}

/** An item of a list field (a step, a link) with its fields in the schema's order and empty ones left out. */
function orderedItem(desc: EntityDescriptor, field: string, item: Record<string, unknown>): FileEntry {
  let schema: z.ZodType = desc.schema.shape[field] as z.ZodType;
  // Unwrap .default([]) and .max() to reach the element's object schema.
  while (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
  const element = schema instanceof z.ZodArray ? (schema.element as z.ZodType) : null;
  const keys = element instanceof z.ZodObject ? Object.keys(element.shape) : Object.keys(item);
  return Object.fromEntries(keys.filter((key) => !isEmpty(item[key])).map((key) => [key, item[key]]));
}

/** YAML as people write it: Markdown in literal blocks, no line folding, keys in the order given. */
export function toYaml(value: unknown): string {
  return new Document(value).toString({ lineWidth: 0, blockQuote: "literal", indentSeq: true });
}

export function childCollection(type: ChildType) {
  return ENTITIES[type].file!.collection;
}
