import "server-only";
import { db } from "@/lib/db";
import { CHILD_TYPES, ENTITIES, headingOf, type EntityDescriptor, type EntryType } from "@/lib/entries";
import { compareSnapshots, type FieldChange } from "@/lib/history/diff";
import { listSnapshots } from "@/lib/entries/snapshot";
import { markGated } from "./plan-gates";
import { childrenIn, toFileEntry, type FileEntry, type SystemFile } from "./format";
import type { ImportProblem, ReadDocument } from "./read";
import { mergeCatalogComponents } from "./sources/backstage";

// Planning an import: what each entry of the files would do to the portal (create,
// update with these field changes, stay as it is, delete), and every problem the files
// have with the portal's data (a link to a contact that exists nowhere, a key given
// twice). Reads only; applying the plan is apply.ts.

export type PlanStatus = "create" | "update" | "unchanged" | "delete" | "skip";

/** Where an entry lives in the files and in the portal, by name: a system's slug, every other entry's key. */
export type EntryRef = { type: EntryType; name: string; system?: string };

export type PlannedEntry = {
  ref: EntryRef;
  /** its title or name, for people */
  label: string;
  file: string;
  where: string;
  status: PlanStatus;
  /** the entry in the portal, if it exists: its id and the version the plan was made against */
  id: string | null;
  version: number | null;
  /** what the file says, links by name ("procedures: [rerun]"), as files hold them */
  entry: FileEntry;
  changes: FieldChange[];
  note?: string;
  /** the change waits for a second person's approval (lib/approvals) instead of applying */
  needsApproval?: boolean;
};

export type ImportPlan = { entries: PlannedEntry[]; problems: ImportProblem[] };

type Existing = { id: string; version: number; snapshot: Record<string, unknown> };

export function refKey(ref: EntryRef) {
  return ref.system ? `${ref.type}:${ref.system}/${ref.name}` : `${ref.type}:${ref.name}`;
}

/** The fields of a file entry with people's labels, for showing its changes (links under their file names). */
function fileDescriptor(desc: EntityDescriptor): EntityDescriptor {
  const fields: EntityDescriptor["fields"] = {};
  for (const [field, spec] of Object.entries(desc.fields)) {
    const reference = desc.references.find((r) => r.field === field);
    if (reference) fields[reference.fileName] = { label: spec.label, kind: reference.many ? "list" : "text" };
    else fields[field] = spec;
  }
  if (desc.reviewed) fields.lastReviewedBy = { label: "Last reviewed by", kind: "text" };
  return { ...desc, fields };
}

/** A file entry back in the shape history keeps, with links still by name: what toFileEntry makes a file entry of. */
export function namedSnapshot(desc: EntityDescriptor, entry: FileEntry): Record<string, unknown> {
  const snapshot: Record<string, unknown> = { ...entry };
  for (const reference of desc.references) {
    snapshot[reference.field] = entry[reference.fileName] ?? (reference.many ? [] : null);
    delete snapshot[reference.fileName];
  }
  if (entry.deleted) snapshot.deletedAt = "deleted";
  return snapshot;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Plans the import of validated documents against the portal as it is now. */
export async function planImport(documents: ReadDocument[]): Promise<ImportPlan> {
  const problems: ImportProblem[] = [];
  const entries: PlannedEntry[] = [];

  // The files' contacts and systems, each name once.
  const contacts = new Map<string, { entry: FileEntry; file: string; where: string; partial?: boolean }>();
  const systems = new Map<string, { document: SystemFile; file: string; partial?: boolean; childFiles?: Record<string, string>; fromRules?: boolean; catalog?: ReadDocument["catalog"] }>();
  const documentsIn = new Map<string, number>();
  for (const { file } of documents) documentsIn.set(file, (documentsIn.get(file) ?? 0) + 1);
  for (const { file, index, document, partial, childFiles, fromRules, catalog } of documents) {
    const prefix = documentsIn.get(file)! > 1 ? `document ${index}, ` : "";
    if (document.kind === "contacts") {
      document.contacts.forEach((entry, i) => {
        const key = String(entry.key);
        const seen = contacts.get(key);
        if (seen && !same(seen.entry, entry)) problems.push({ file, where: `${prefix}contacts[${i}]`, message: `The contact "${key}" is also in ${seen.file}, with other values: keep one.` });
        else if (!seen) contacts.set(key, { entry, file, where: partial ? "owners" : `${prefix}contacts[${i}]`, partial });
      });
    } else {
      const seen = systems.get(document.slug);
      if (seen) problems.push({ file, where: prefix.replace(/, $/, ""), message: `The system "${document.slug}" is also in ${seen.file}: one file per system.` });
      else systems.set(document.slug, { document, file, partial, childFiles, fromRules, catalog });
    }
  }

  // The portal as it is: every system and contact by name, the children of the systems in the files, reviewers by email.
  const [allSystems, allContacts, users] = await Promise.all([listSnapshots("SYSTEM", {}), listSnapshots("CONTACT", {}), db.user.findMany({ select: { id: true, email: true } })]);
  const systemBySlug = new Map(allSystems.map((s) => [String(s.slug), s]));
  const slugById = new Map(allSystems.map((s) => [s.id, String(s.slug)]));
  const contactByKey = new Map(allContacts.map((c) => [String(c.key), c]));
  const importedIds = [...systems.keys()].map((slug) => systemBySlug.get(slug)?.id).filter((id): id is string => !!id);
  const children = new Map<string, Existing>();
  /** the keys of each imported system's live children, by type and system ("PROCEDURE:slug"), as the portal holds them */
  const livePortalChildren = new Map<string, string[]>();
  for (const type of CHILD_TYPES) {
    for (const row of await listSnapshots(type, { systemId: { in: importedIds } })) {
      const slug = slugById.get(String(row.systemId))!;
      children.set(refKey({ type, name: String(row.key), system: String(slug) }), { id: row.id, version: row.version, snapshot: row });
      if (!row.deletedAt) livePortalChildren.set(`${type}:${slug}`, [...(livePortalChildren.get(`${type}:${slug}`) ?? []), String(row.key)]);
    }
  }
  const names = new Map<string, string>([
    ...allSystems.map((s) => [`SYSTEM:${s.id}`, String(s.slug)] as const),
    ...allContacts.map((c) => [`CONTACT:${c.id}`, String(c.key)] as const),
    ...[...children.entries()].map(([key, row]) => [`${key.split(":")[0]}:${row.id}`, key.split("/").pop()!] as const),
    ...users.map((u) => [`USER:${u.id}`, u.email] as const),
  ]);
  const nameOf = (type: string, id: string) => names.get(`${type}:${id}`);

  // What links may point at once the import is done: live entries of the portal, and the files' own (unless marked deleted).
  const liveContacts = new Set([...allContacts.filter((c) => !c.deletedAt).map((c) => String(c.key)), ...[...contacts.values()].filter((c) => !c.entry.deleted).map((c) => String(c.entry.key))]);
  for (const [key, c] of contacts) if (c.entry.deleted) liveContacts.delete(key);
  const liveSystems = new Set([...allSystems.filter((s) => !s.deletedAt).map((s) => String(s.slug)), ...[...systems.values()].filter((s) => !s.document.deleted).map((s) => s.document.slug)]);
  for (const [slug, s] of systems) if (s.document.deleted) liveSystems.delete(slug);
  const liveTopLevel = new Map<EntryType, Set<string>>([["SYSTEM", liveSystems], ["CONTACT", liveContacts]]);

  /** `only`: the fields the source gives (a Backstage catalog); the entry's others stay as the portal has them. */
  const plan = (desc: EntityDescriptor, ref: EntryRef, entry: FileEntry, file: string, where: string, existing: Existing | undefined, extras: FileEntry = {}, only?: string[]) => {
    const label = headingOf(desc, entry);
    // Both sides as an export would write them: items in schema order, links sorted, empty values left out.
    let desired = { ...normalized(desc, entry), ...extras };
    const base = { ref, label, file, where, id: existing?.id ?? null, version: existing?.version ?? null, entry: { ...entry, ...extras } };
    const shown = fileDescriptor(desc);
    if (!existing) {
      if (entry.deleted) return entries.push({ ...base, status: "skip", changes: [], note: "Marked deleted in the file and not in the portal: not created." });
      return entries.push({ ...base, status: "create", changes: compareSnapshots(shown, null, withoutDeleted(desired)) });
    }
    const current = { ...toFileEntry(desc, existing.snapshot, nameOf), ...(desc.reviewed ? reviewOf(existing.snapshot, nameOf) : {}) };
    if (only) {
      const merged: FileEntry = { ...current };
      for (const field of only) {
        if (field in desired) merged[field] = desired[field];
        else delete merged[field];
      }
      if (only.includes("components")) merged.components = mergeCatalogComponents(current.components, desired.components);
      if (!(merged.components as unknown[] | undefined)?.length) delete merged.components;
      desired = { ...normalized(desc, merged), ...(desc.reviewed ? reviewFieldsOf(merged) : {}) };
      base.entry = merged;
    }
    const wasDeleted = !!existing.snapshot.deletedAt;
    if (entry.deleted) return entries.push({ ...base, status: wasDeleted ? "unchanged" : "delete", changes: [] });
    const changes = compareSnapshots(shown, withoutDeleted(current), withoutDeleted(desired));
    if (changes.length === 0 && !wasDeleted) return entries.push({ ...base, status: "unchanged", changes });
    entries.push({ ...base, status: "update", changes, note: wasDeleted ? "Deleted in the portal: the import brings it back." : undefined });
  };

  for (const [key, { entry, file, where, partial }] of contacts) {
    const existing = contactByKey.get(key);
    // An owner named by a catalog: a contact the portal has is left as it is.
    if (partial && existing) entries.push({ ref: { type: "CONTACT", name: key }, label: String(existing.name), file, where, status: "unchanged", id: existing.id, version: existing.version, entry, changes: [] });
    else plan(ENTITIES.CONTACT, { type: "CONTACT", name: key }, entry, file, where, existingOf(existing));
  }

  // For alerting rules: the runbooks that already list each alert, anywhere in the portal.
  const covering = new Map<string, string>();
  if ([...systems.values()].some((s) => s.fromRules)) {
    const listed = await db.failureMode.findMany({ where: { deletedAt: null, system: { deletedAt: null } }, select: { title: true, alertNames: true, system: { select: { name: true } } } });
    for (const fm of listed) for (const name of fm.alertNames) covering.set(name.toLowerCase(), `${fm.system.name}: ${fm.title}`);
  }

  for (const [slug, { document, file, partial, childFiles, fromRules, catalog }] of systems) {
    const { lastReviewedAt, lastReviewedBy } = document;
    const notSystemFields = new Set(["format", "kind", "lastReviewedAt", "lastReviewedBy", ...CHILD_TYPES.map((t) => ENTITIES[t].file!.collection)]);
    const systemEntry: FileEntry = Object.fromEntries(Object.entries(document).filter(([field]) => !notSystemFields.has(field)));
    const where = "";
    for (const field of ["owner", "backupOwner"]) {
      const key = systemEntry[field];
      if (typeof key === "string" && !liveContacts.has(key)) problems.push({ file, where: field, message: `No contact has the key "${key}", in these files or in the portal.` });
    }
    if (lastReviewedBy && !users.some((u) => u.email === lastReviewedBy)) {
      problems.push({ file, where: "lastReviewedBy", message: `No account has the email ${lastReviewedBy}; leave the field out, or add the account first.` });
    }
    const existingSystem = systemBySlug.get(slug);
    const systemAt = entries.length;
    if (partial && existingSystem) {
      // Made from another source (Markdown runbooks): an existing system is only the home of the entries.
      entries.push({ ref: { type: "SYSTEM", name: slug }, label: String(existingSystem.name), file, where, status: "unchanged", id: existingSystem.id, version: existingSystem.version, entry: systemEntry, changes: [] });
    } else {
      plan(
        ENTITIES.SYSTEM,
        { type: "SYSTEM", name: slug },
        systemEntry,
        file,
        where,
        existingOf(existingSystem),
        {
          ...(lastReviewedAt ? { lastReviewedAt: new Date(lastReviewedAt).toISOString() } : {}),
          ...(lastReviewedBy ? { lastReviewedBy } : {}),
        },
        catalog?.SYSTEM,
      );
    }

    // What a link to another entry of this system may name: its live children, as the files leave them.
    const liveChildren = new Map(CHILD_TYPES.map((type) => [type as EntryType, new Set(livePortalChildren.get(`${type}:${slug}`) ?? [])]));
    for (const type of CHILD_TYPES) {
      const seen = new Set<string>();
      childrenIn(document, type).forEach((entry, i) => {
        const key = String(entry.key);
        const at = `${ENTITIES[type].file!.collection}[${i}]`;
        if (seen.has(key)) problems.push({ file, where: at, message: `Two ${ENTITIES[type].plural.toLowerCase()} have the key "${key}": keys are unique within a system.` });
        seen.add(key);
        if (entry.deleted) liveChildren.get(type)!.delete(key);
        else liveChildren.get(type)!.add(key);
      });
    }
    const systemFile = file;
    for (const type of CHILD_TYPES) {
      const desc = ENTITIES[type];
      childrenIn(document, type).forEach((given, i) => {
        const at = `${desc.file!.collection}[${i}]`;
        const file = childFiles?.[at] ?? systemFile;
        // A catalog's dependency on something the portal does not have is kept by name, without a link.
        const entry = catalog && typeof given.dependsOn === "string" && !liveSystems.has(given.dependsOn) ? withoutField(given, "dependsOn") : given;
        for (const reference of desc.references) {
          const linked = ([] as unknown[]).concat(entry[reference.fileName] ?? []).map(String);
          for (const name of linked) {
            const known = (liveChildren.get(reference.to as EntryType) ?? liveTopLevel.get(reference.to as EntryType))!.has(name);
            if (reference.notOwnSystem && name === slug) problems.push({ file, where: `${at}.${reference.fileName}`, message: "A system cannot depend on itself." });
            else if (!known) problems.push({ file, where: `${at}.${reference.fileName}`, message: `No ${ENTITIES[reference.to].label.toLowerCase()} ${reference.sameSystem ? "of this system " : ""}has the ${ENTITIES[reference.to].file!.key} "${name}", in these files or in the portal.` });
          }
        }
        const ref = { type, name: String(entry.key), system: slug };
        const existing = children.get(refKey(ref));
        const runbook = fromRules && !existing ? ((entry.alertNames as string[] | undefined) ?? []).map((name) => covering.get(name.toLowerCase())).find(Boolean) : undefined;
        if (runbook) {
          entries.push({ ref, label: headingOf(desc, entry), file, where: at, status: "skip", id: null, version: null, entry, changes: [], note: `Already has a runbook (${runbook}): left as it is.` });
          return;
        }
        plan(desc, ref, entry, file, at, existing, {}, catalog?.[type]);
      });
    }
    // Alerting rules whose alerts all have runbooks elsewhere: no empty system is made for them.
    const system = entries[systemAt];
    if (fromRules && system?.status === "create" && !entries.slice(systemAt + 1).some((e) => e.status === "create" || e.status === "update")) {
      entries[systemAt] = { ...system, status: "skip", changes: [], note: "Every alert of these rules already has a runbook: no system is made for them." };
    }
  }
  await markGated(entries, problems);
  return { entries, problems };
}

function existingOf(row: (Record<string, unknown> & { id: string; version: number }) | undefined): Existing | undefined {
  return row ? { id: row.id, version: row.version, snapshot: row } : undefined;
}

/** The reviewer and review time, as a file holds them. */
function reviewOf(snapshot: Record<string, unknown>, nameOf: (type: string, id: string) => string | undefined): FileEntry {
  const extras: FileEntry = {};
  if (snapshot.lastReviewedAt) extras.lastReviewedAt = snapshot.lastReviewedAt;
  const reviewer = snapshot.lastReviewedById ? nameOf("USER", String(snapshot.lastReviewedById)) : undefined;
  if (reviewer) extras.lastReviewedBy = reviewer;
  return extras;
}

/** The review fields of a file entry. */
function reviewFieldsOf(entry: FileEntry): FileEntry {
  return Object.fromEntries(["lastReviewedAt", "lastReviewedBy"].filter((field) => entry[field] !== undefined).map((field) => [field, entry[field]]));
}

/** A file entry as an export writes it: items in schema order, links sorted, empty values left out. */
function normalized(desc: EntityDescriptor, entry: FileEntry): FileEntry {
  return toFileEntry(desc, namedSnapshot(desc, entry), (_type, name) => name);
}

function withoutField(entry: FileEntry, field: string): FileEntry {
  const rest = { ...entry };
  delete rest[field];
  return rest;
}

function withoutDeleted(entry: FileEntry): FileEntry {
  const rest = { ...entry };
  delete rest.deleted;
  return rest;
}
