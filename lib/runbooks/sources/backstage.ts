import { z } from "zod";
import { parseAllDocuments } from "yaml";
import { valueOf } from "../yaml";
import type { DependencyKind, Tier } from "@/lib/generated/prisma/enums";
import { keyBase } from "@/lib/entries/keys";
import { FORMAT, runbookFileSchema, type FileEntry, type RunbookFile } from "../format";
import type { ImportProblem, ReadDocument } from "../read";

// Backstage software catalogs (catalog-info.yaml, several entities per file) into the
// import; a system back out as a catalog entity that links to its runbook is
// backstage-export.ts.
//
//   Component, System        → a system: metadata.name → slug, title (or name) → name,
//                              description → purpose, metadata.links → links, the tier
//                              annotation (or label) → tier, spec.owner → owner contact
//   spec.dependsOn           → dependencies, linked to the other system when the portal
//                              (or the upload) has it; otherwise named by the catalog ref
//   Group, User              → the owner's contact (display name, email), if it is new
//   Resource                 → what a dependency on it is used for, and its kind
//   kind, spec.type, lifecycle and the entity ref are kept as a component of the system
//                              ("Backstage component"), so an export gives them back; not
//                              when they are what an export assumes (component:<slug>,
//                              a service in production)
//
// For a system the portal already has, only these fields change: its failure modes,
// procedures and everything else the catalog does not know stay as they are.

export const TIER_ANNOTATION = "runbook-portal.io/tier";
export const OVERVIEW_ANNOTATION = "runbook-portal.io/overview";
/** The component of a system that records the catalog entity it came from. */
export const CATALOG_COMPONENT = /^Backstage (component|system)$/i;
/** The system fields a catalog gives; with `tier` when the catalog says one. */
const CATALOG_FIELDS = ["name", "purpose", "owner", "links", "components"];

const nameSchema = z
  .string({ error: "Every entity needs metadata.name" })
  .regex(/^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/, "A catalog name is letters and digits separated by -, _ or . (metadata.name)")
  .max(63, "A catalog name is at most 63 characters (metadata.name)");
const textValues = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({});

const entitySchema = z.object({
  apiVersion: z.string().regex(/^backstage\.io\//),
  kind: z.string().min(1, "Every entity needs a kind"),
  metadata: z.object({
    name: nameSchema,
    namespace: z.string().optional(),
    title: z.string().optional(),
    description: z.string().optional(),
    annotations: textValues,
    labels: textValues,
    links: z.array(z.object({ url: z.string(), title: z.string().optional(), icon: z.string().optional(), type: z.string().optional() })).default([]),
  }),
  spec: z.record(z.string(), z.unknown()).default({}),
});
const systemSpecSchema = z.object({
  type: z.string().optional(),
  lifecycle: z.string().optional(),
  owner: z.string().optional(),
  dependsOn: z.array(z.string(), { error: "dependsOn is a list of entity refs, e.g. [component:ledger, resource:payments-db]" }).default([]),
});
const profileSchema = z.object({ profile: z.object({ displayName: z.string().optional(), email: z.string().optional() }).default({}) });

type Entity = z.infer<typeof entitySchema>;
export type EntityRef = { kind: string; namespace: string; name: string };

/** Whether a YAML value is a Backstage catalog entity rather than a runbook file. */
export function looksLikeCatalog(value: unknown): boolean {
  return !!value && typeof value === "object" && typeof (value as Record<string, unknown>).apiVersion === "string" && String((value as Record<string, unknown>).apiVersion).startsWith("backstage.io/");
}

/** "group:default/payments", "payments" (with `kind` assumed), "resource:payments-db" */
export function parseRef(ref: string, kind: string): EntityRef {
  const match = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(ref.trim());
  if (!match) return { kind: kind.toLowerCase(), namespace: "default", name: ref.trim() };
  return { kind: (match[1] ?? kind).toLowerCase(), namespace: match[2] ?? "default", name: match[3]! };
}

/** The short form of a ref: "component:payments" in the default namespace. */
export function refText(ref: EntityRef): string {
  return `${ref.kind}:${ref.namespace === "default" ? "" : `${ref.namespace}/`}${ref.name}`;
}

const sameRef = (a: EntityRef, b: EntityRef) => a.kind === b.kind && a.namespace === b.namespace && a.name.toLowerCase() === b.name.toLowerCase();

/** A catalog name as a slug or key: "payments_api.v2" → "payments-api-v2". */
export const slugOf = (name: string) => keyBase(name, "system").slice(0, 60);

function tierOf(entity: Entity): Tier | null {
  const value = entity.metadata.annotations[TIER_ANNOTATION] ?? entity.metadata.labels.tier ?? entity.metadata.annotations.tier;
  const digit = value ? /[1-4]/.exec(value)?.[0] : undefined;
  return digit ? (`TIER_${digit}` as Tier) : null;
}

function dependencyKind(ref: EntityRef, resource: Entity | undefined): DependencyKind {
  if (ref.kind === "component" || ref.kind === "system") return "INTERNAL_SYSTEM";
  if (ref.kind === "api") return "EXTERNAL_API";
  const type = String(resource?.spec.type ?? "").toLowerCase() + ref.name.toLowerCase();
  if (/database|postgres|mysql|redis|dynamo|mongo|\bdb\b|-db/.test(type)) return "DATABASE";
  if (/queue|topic|kafka|sqs|sns|stream|rabbit/.test(type)) return "QUEUE";
  if (/bucket|s3|storage|cloud/.test(type)) return "CLOUD_SERVICE";
  return "OTHER";
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export type CatalogResult = { documents: ReadDocument[]; problems: ImportProblem[]; skipped: ImportProblem[] };

/** Reads catalog files: each Component and System a system document, their owners a contacts document. */
export function readCatalog(files: { name: string; text: string }[]): CatalogResult {
  const problems: ImportProblem[] = [];
  const skipped: ImportProblem[] = [];
  const entities: { entity: Entity; file: string; index: number; count: number }[] = [];
  for (const file of files) {
    const docs = parseAllDocuments(file.text, { uniqueKeys: true });
    const list = Array.isArray(docs) ? docs : [docs];
    list.forEach((doc, i) => {
      const prefix = list.length > 1 ? `document ${i + 1}` : "";
      if (doc.errors.length) {
        problems.push({ file: file.name, where: [prefix, doc.errors[0]!.linePos ? `line ${doc.errors[0]!.linePos[0].line}` : ""].filter(Boolean).join(", "), message: `${doc.errors[0]!.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}.` });
        return;
      }
      const read = valueOf(doc);
      if ("problem" in read) {
        problems.push({ file: file.name, where: prefix, message: read.problem });
        return;
      }
      const value = read.value;
      if (value === null || value === undefined) return;
      if (!looksLikeCatalog(value)) {
        problems.push({ file: file.name, where: prefix, message: "Not a Backstage catalog entity (apiVersion: backstage.io/v1alpha1), in a file of catalog entities." });
        return;
      }
      const parsed = entitySchema.safeParse(value);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problems.push({ file: file.name, where: [prefix, issue.path.join(".")].filter(Boolean).join(", "), message: issue.message });
        return;
      }
      entities.push({ entity: parsed.data, file: file.name, index: i + 1, count: list.length });
    });
  }

  const find = (ref: EntityRef) => entities.find(({ entity }) => sameRef(ref, { kind: entity.kind.toLowerCase(), namespace: entity.metadata.namespace ?? "default", name: entity.metadata.name }))?.entity;
  const contacts = new Map<string, FileEntry>();
  const documents: ReadDocument[] = [];
  const slugs = new Set<string>();
  for (const { entity, file, index, count } of entities) {
    const kind = entity.kind.toLowerCase();
    const where = count > 1 ? `document ${index}` : "";
    if (kind === "group" || kind === "user" || kind === "resource") continue;
    if (kind !== "component" && kind !== "system") {
      skipped.push({ file, where, message: `${entity.kind} "${entity.metadata.name}": only Components and Systems become systems; left out.` });
      continue;
    }
    const spec = systemSpecSchema.safeParse(entity.spec);
    if (!spec.success) {
      for (const issue of spec.error.issues) problems.push({ file, where: [where, `spec.${issue.path.join(".")}`].filter(Boolean).join(", "), message: issue.message });
      continue;
    }
    const slug = slugOf(entity.metadata.name);
    if (slugs.has(slug)) {
      problems.push({ file, where, message: `Two entities of the upload become the system "${slug}": keep one.` });
      continue;
    }
    slugs.add(slug);
    const self: EntityRef = { kind, namespace: entity.metadata.namespace ?? "default", name: entity.metadata.name };

    let owner: string | undefined;
    // "unknown" is what an export writes for a system without an owner (Backstage requires one): no contact.
    if (spec.data.owner && parseRef(spec.data.owner, "group").name.toLowerCase() !== "unknown") {
      const ref = parseRef(spec.data.owner, "group");
      owner = keyBase(ref.name, "owner");
      const profile = profileSchema.safeParse(find(ref)?.spec ?? {});
      const found = find(ref);
      const email = profile.success ? profile.data.profile.email?.trim() : undefined;
      if (!contacts.has(owner)) {
        contacts.set(owner, {
          key: owner,
          name: clip((profile.success ? profile.data.profile.displayName : undefined) ?? found?.metadata.title ?? ref.name, 200),
          kind: ref.kind === "user" ? "PERSON" : "TEAM",
          ...(email && z.email().safeParse(email).success ? { email } : {}),
          notes: `From the Backstage catalog: ${refText(ref)}`,
        });
      }
    }

    const dependencyKeys = new Set<string>();
    const dependencies = spec.data.dependsOn.flatMap((text) => {
      const ref = parseRef(text, "component");
      const target = find(ref);
      const internal = ref.kind === "component" || ref.kind === "system";
      const key = keyBase(internal ? ref.name : `${ref.kind}-${ref.name}`, "dependency");
      if (dependencyKeys.has(key) || (internal && slugOf(ref.name) === slug)) return [];
      dependencyKeys.add(key);
      return [
        {
          key,
          name: clip(target?.metadata.title?.trim() || refText(ref), 200),
          kind: dependencyKind(ref, target),
          ...(target?.metadata.description && !internal ? { usedFor: target.metadata.description.trim() } : {}),
          ...(internal ? { dependsOn: slugOf(ref.name) } : {}),
        },
      ];
    });

    const overview = entity.metadata.annotations[OVERVIEW_ANNOTATION];
    const links = entity.metadata.links
      .filter((link) => link.url !== overview && /^https?:\/\//.test(link.url))
      .slice(0, 50)
      .map((link) => ({ label: clip(link.title?.trim() || new URL(link.url).host, 100), url: link.url }));
    const tier = tierOf(entity);
    const lifecycle = spec.data.lifecycle ? ` (${spec.data.lifecycle})` : "";
    // What an export assumes for a system (component:<slug>, a service in production) needs no record.
    const usual = kind === "component" && self.namespace === "default" && self.name === slug && (spec.data.type ?? "service") === "service" && (spec.data.lifecycle ?? "production") === "production";
    const candidate = {
      format: FORMAT,
      kind: "system",
      slug,
      name: clip(entity.metadata.title?.trim() || entity.metadata.name, 200),
      ...(entity.metadata.description ? { purpose: entity.metadata.description.trim() } : {}),
      tier: tier ?? "TIER_3",
      ...(owner ? { owner } : {}),
      links,
      components: usual ? [] : [{ kind: `Backstage ${kind}`, name: clip(`${spec.data.type ?? kind}${lifecycle}`, 200), identifier: refText(self) }],
      dependencies,
    };
    const parsed = runbookFileSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ file, where: [where, issue.path.join(".")].filter(Boolean).join(", "), message: issue.message });
      continue;
    }
    documents.push({
      file,
      index,
      text: "",
      document: parsed.data as unknown as RunbookFile,
      catalog: { SYSTEM: tier ? [...CATALOG_FIELDS, "tier"] : CATALOG_FIELDS, DEPENDENCY: ["dependsOn"] },
    });
  }
  if (contacts.size) {
    const parsed = runbookFileSchema.safeParse({ format: FORMAT, kind: "contacts", contacts: [...contacts.values()] });
    if (parsed.success) documents.push({ file: files[0]!.name, index: 0, text: "", document: parsed.data as unknown as RunbookFile, partial: true });
    else for (const issue of parsed.error.issues) problems.push({ file: files[0]!.name, where: "owners", message: issue.message });
  }
  return { documents, problems, skipped };
}

/** A system's components without the one recording its catalog entity, and with `from`'s instead. */
export function mergeCatalogComponents(current: unknown, from: unknown): unknown[] {
  const mine = ((current as { kind: string }[] | undefined) ?? []).filter((item) => !CATALOG_COMPONENT.test(item.kind));
  const theirs = ((from as { kind: string }[] | undefined) ?? []).filter((item) => CATALOG_COMPONENT.test(item.kind));
  return [...mine, ...theirs];
}
