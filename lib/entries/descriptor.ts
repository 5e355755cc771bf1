import { z } from "zod";
import { ENTITY_ID, isoDate, optionalKey } from "@/lib/validation/common";
import type { EntityType } from "@/lib/generated/prisma/enums";

// What the portal knows about one type of entry, in one place: its names and URL, its
// table, its fields, its validation, how it links to other entries, how it is named in
// headings, pickers and runbook files. History, locking, reference checks, pages,
// forms' pickers, search, export and import all read these; none keeps a table of its
// own. Shared by server and browser code: no database access, no React here.

export type FieldKind = "text" | "markdown" | "list" | "items" | "enum" | "number" | "date" | "ref" | "refs" | "boolean";

/**
 * One field: its label (forms, history, compare), the hint a form shows under it, its
 * kind, its search weight (A heads, then B–D body; absent: not searched; the database's
 * search triggers are generated from these: lib/entries/triggers-sql.ts), and how it is
 * validated: `input` when forms, files and the API set it, `kept` when only history
 * holds it (a child's system, the deletion date). The type's schemas are made from these
 * (`inputSchemaOf`, `snapshotSchemaOf`), so a field is declared once, here.
 */
export type FieldSpec = {
  label: string;
  hint?: string;
  kind: FieldKind;
  search?: "A" | "B" | "C" | "D";
  /** items: the parts of each item that search reads (a component's kind, name and identifier) */
  searchParts?: string[];
  /** a list of identifiers (alert names) whose camel-case words are searched too, at this weight: "InvoiceParserTimeout" finds "parser" */
  camelWordsAt?: "B" | "C" | "D";
  input?: z.ZodType;
  kept?: z.ZodType;
};

type Fields = Record<string, FieldSpec>;
type InputShape<F extends Fields> = { [K in keyof F as F[K] extends { input: z.ZodType } ? K : never]: F[K] extends { input: infer Z extends z.ZodType } ? Z : never };
type KeptShape<F extends Fields> = { [K in keyof F as F[K] extends { kept: z.ZodType } ? K : never]: F[K] extends { kept: infer Z extends z.ZodType } ? Z : never };

/** What forms, files and the API submit for a type: every field with an `input`. */
export function inputSchemaOf<F extends Fields>(fields: F) {
  const shape = Object.fromEntries(Object.entries(fields).flatMap(([name, spec]) => (spec.input ? [[name, spec.input]] : [])));
  return z.object(shape as InputShape<F>);
}

/** The whole entry as history keeps it: what is submitted, and what only history holds. */
export function snapshotSchemaOf<F extends Fields>(fields: F) {
  const shape = Object.fromEntries(Object.entries(fields).flatMap(([name, spec]) => (spec.input || spec.kept ? [[name, spec.input ?? spec.kept]] : [])));
  return z.object(shape as InputShape<F> & KeptShape<F>);
}

/** A many-to-many relation, kept in snapshots as a list of ids. */
export type ManyRelation = {
  snapshotKey: string;
  /** the relation's name on the Prisma model */
  relation: string;
  /** Prisma's join table, and which of its columns ("A" or "B") holds this entry's id */
  joinTable: string;
  selfColumn: "A" | "B";
};

/** A link from one field of an entry to other entries. */
export type Reference = {
  field: string;
  to: EntityType;
  many: boolean;
  /** the linked entries must belong to the same system as this one */
  sameSystem?: boolean;
  /** the linked system must not be this entry's own system */
  notOwnSystem?: boolean;
  /** the name of the field in runbook files, where links are keys, not ids: "procedures" for procedureIds */
  fileName: string;
  /** what a person reads when the rule is broken: editing, and restoring an old version */
  messages: { gone: string; goneRestore: string; self?: string; selfRestore?: string };
};

/** A value no two entries may share: across the portal, or within one system. */
export type UniqueField = { field: string; scope: "portal" | "system"; taken: string; takenByDeleted: string; takenRestore: string };

export type EntityDescriptor = {
  type: EntityType;
  label: string;
  plural: string;
  /** URL segment of browse and detail pages (/failure-modes/<id>); null for accounts */
  segment: string | null;
  /** what its pages' addresses name it by: its slug (/systems/<slug>), else its id */
  address?: "slug";
  /** Prisma model delegate name */
  model: "system" | "dependency" | "failureMode" | "remediationProcedure" | "escalationLevel" | "contact" | "user";
  /** the table in SQL */
  table: string;
  /** a child entry belongs to one system and is created under it */
  ofSystem: boolean;
  /** the fields a form submits, validated the same way on the server */
  schema: z.ZodObject;
  /** the whole entry as history keeps it */
  snapshotSchema: z.ZodType<Record<string, unknown>>;
  /** every field history keeps, in the order they are shown and written to files */
  fields: Record<string, FieldSpec>;
  many: ManyRelation[];
  references: Reference[];
  unique: UniqueField[];
  /** how the entry is named in headings and pickers: the fields to read, and how to join them (`sql`: the same, over a row NEW, for search's titles) */
  heading: { fields: string[]; format?: (row: Record<string, unknown>) => string; sql?: string };
  /**
   * What a search row holds besides the searched text (lib/db/triggers-sql.ts): the column a
   * search filters by kind (a tier, a contact's kind) or severity, and the exact values that
   * find the entry when typed whole (a slug, an email; `part`: of each item; `digits`: only
   * its digits and "+", as phone numbers are typed).
   */
  searchRow?: { kind?: string; severity?: string; keys: (string | { field: string; part?: string; digits?: true })[] };
  /** a second line in pickers, e.g. a contact's role */
  detailField?: string;
  /** entries with a stable key (lib/entries/keys.ts): the field a new entry's key is made from */
  keyFrom?: string;
  /** runbook files (lib/runbooks): the field that names an entry there ("slug", "key"), and the list its entries go in */
  file?: { key: string; collection: string };
  /** fields never restored from an old version */
  restoreSkips?: string[];
  /** fields set on creation and never changed after (a child's system) */
  fixed?: string[];
  /** a text field that, when filled in, makes the entry's changes wait for approval of its own (a procedure's "approval required") */
  ownGate?: string;
  /** who may write entries of this type (editors, unless said otherwise: accounts are an admin's) */
  writeRole?: "EDITOR" | "ADMIN";
  /** entries of the child types belong to one of these (their systemId): a system, which is exported with its children */
  ownsChildren?: true;
  /** entries marked reviewed by someone (lastReviewedAt, lastReviewedById; in files lastReviewedAt and lastReviewedBy by email) */
  reviewed?: true;
  /** the boolean field that makes changes to the entry and its children wait for a second person (lib/approvals) */
  approvalPolicy?: string;
  /** a type without pages of its own (accounts): the page where its entries are managed; history at <page>/<id>/history */
  managedAt?: string;
  /** entries followed step by step in drills and incidents (lib/runs) */
  runnable?: true;
  /** a number field counting up within the system (an escalation level): a new entry is offered the next */
  sequence?: string;
};

/** The fields of an entry that search indexes. */
export function searchedFields(desc: EntityDescriptor): string[] {
  return Object.entries(desc.fields)
    .filter(([, spec]) => spec.search)
    .map(([field]) => field);
}

/** The name of an entry, from its heading fields. */
export function headingOf(desc: EntityDescriptor, row: Record<string, unknown>): string {
  return desc.heading.format ? desc.heading.format(row) : String(row[desc.heading.fields[0]!] ?? "");
}

export const deletedAtField = { label: "Deleted", kind: "date", kept: isoDate } satisfies FieldSpec;

/** What every child of a system has: created under a system, which it keeps for life, and a key unique within it. */
export const childOfSystem = { ofSystem: true, fixed: ["systemId"], restoreSkips: ["key"] } as const satisfies Partial<EntityDescriptor>;
export const systemIdField = { label: "System", kind: "ref", kept: ENTITY_ID } satisfies FieldSpec;
export const keyField = { label: "Key", kind: "text", input: optionalKey } satisfies FieldSpec;

/** The rule that keeps keys unique: within the system for its children, across the portal for contacts. */
export function uniqueKey(label: string, scope: "portal" | "system"): UniqueField {
  const where = scope === "system" ? `another ${label} of this system` : `another ${label}`;
  return {
    field: "key",
    scope,
    taken: `${capitalize(where)} already has this key`,
    takenByDeleted: `A deleted ${label}${scope === "system" ? " of this system" : ""} still has this key: restore it, or pick another key`,
    takenRestore: `${where} now has its key`,
  };
}

function capitalize(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
