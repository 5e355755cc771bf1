import "server-only";
import { db } from "@/lib/db";
import { CHILD_TYPES, ENTITIES, type ChildType } from "@/lib/entries";
import { listSnapshots } from "@/lib/entries/snapshot";
import { childCollection, FORMAT, toFileEntry, toYaml, type FileEntry } from "./format";

// Export: the portal (or one system) as runbook files, byte for byte the same for the
// same content: systems/<slug>.yaml per system and contacts.yaml, children sorted by key.

export type RunbookFileOut = { path: string; content: string };

export type ExportOptions = {
  /** deleted entries, marked `deleted: true`; left out by default */
  includeDeleted?: boolean;
  /** one system only: its file, followed by a document of the contacts it names */
  slug?: string;
};

type Loaded = Awaited<ReturnType<typeof load>>;

/** Rows read per query: Prisma reads an entry's links with a parameter per entry, and PostgreSQL takes at most 32,767. */
const PAGE = 5_000;

/** Every entry of `type` that `where` selects, a page at a time in id order. */
async function allSnapshots(type: Parameters<typeof listSnapshots>[0], where: Record<string, unknown>) {
  const rows: Awaited<ReturnType<typeof listSnapshots>> = [];
  for (;;) {
    const page = await listSnapshots(type, { ...where, ...(rows.length ? { id: { gt: rows.at(-1)!.id } } : {}) }, undefined, { take: PAGE });
    rows.push(...page);
    if (page.length < PAGE) return rows;
  }
}

async function load(options: ExportOptions) {
  const live = options.includeDeleted ? {} : { deletedAt: null };
  const systems = await allSnapshots("SYSTEM", { ...live, ...(options.slug ? { slug: options.slug } : {}) });
  // The children of the systems exported, named by their system rather than by a list of ids (a parameter per system).
  const ofSystems = options.slug ? { systemId: { in: systems.map((s) => s.id) } } : options.includeDeleted ? {} : { system: { deletedAt: null } };
  const children = Object.fromEntries(
    await Promise.all(CHILD_TYPES.map(async (type) => [type, await allSnapshots(type, { ...live, ...ofSystems })] as const)),
  ) as Record<ChildType, Awaited<ReturnType<typeof listSnapshots>>>;
  const contacts = await allSnapshots("CONTACT", live);
  // Names for links: every system (a link may point at one not exported), every contact and procedure, reviewers by email.
  const [allSystems, procedures, users] = await Promise.all([
    db.system.findMany({ select: { id: true, slug: true } }),
    db.remediationProcedure.findMany({ where: options.slug ? ofSystems : {}, select: { id: true, key: true } }),
    db.user.findMany({ select: { id: true, email: true } }),
  ]);
  const names = new Map<string, string>([
    ...allSystems.map((s) => [`SYSTEM:${s.id}`, s.slug] as const),
    ...contacts.map((c) => [`CONTACT:${c.id}`, String(c.key)] as const),
    ...procedures.map((p) => [`PROCEDURE:${p.id}`, p.key] as const),
    ...users.map((u) => [`USER:${u.id}`, u.email] as const),
  ]);
  // A contact deleted since it was linked is not in a live export: the link is left out with it.
  if (!options.includeDeleted) {
    const liveContacts = new Set(contacts.map((c) => c.id));
    for (const key of [...names.keys()]) if (key.startsWith("CONTACT:") && !liveContacts.has(key.slice(8))) names.delete(key);
    const liveProcedures = new Set(children.PROCEDURE.map((p) => p.id));
    for (const key of [...names.keys()]) if (key.startsWith("PROCEDURE:") && !liveProcedures.has(key.slice(10))) names.delete(key);
  }
  // Each system's children, by type.
  const bySystem = new Map<string, Map<ChildType, typeof children.PROCEDURE>>();
  for (const type of CHILD_TYPES) {
    for (const row of children[type]) {
      const systemId = String(row.systemId);
      if (!bySystem.has(systemId)) bySystem.set(systemId, new Map());
      const lists = bySystem.get(systemId)!;
      if (!lists.has(type)) lists.set(type, []);
      lists.get(type)!.push(row);
    }
  }
  return { systems, bySystem, contacts, names };
}

const byName = (field: string) => (a: FileEntry, b: FileEntry) => String(a[field]).localeCompare(String(b[field]), "en");

function systemDocument(system: Loaded["systems"][number], data: Loaded) {
  const name = (type: string, id: string) => data.names.get(`${type}:${id}`);
  const entry = toFileEntry(ENTITIES.SYSTEM, system, name);
  const reviewer = system.lastReviewedById ? name("USER", String(system.lastReviewedById)) : undefined;
  const document: FileEntry = { format: FORMAT, kind: "system", ...entry };
  if (reviewer) document.lastReviewedBy = reviewer;
  for (const type of CHILD_TYPES) {
    const rows = data.bySystem.get(system.id)?.get(type) ?? [];
    if (rows.length) document[childCollection(type)] = rows.map((row) => toFileEntry(ENTITIES[type], row, name)).sort(byName("key"));
  }
  return document;
}

function contactsDocument(contacts: Loaded["contacts"], data: Loaded) {
  const name = (type: string, id: string) => data.names.get(`${type}:${id}`);
  return { format: FORMAT, kind: "contacts", contacts: contacts.map((c) => toFileEntry(ENTITIES.CONTACT, c, name)).sort(byName("key")) };
}

/** The whole portal as runbook files: how many systems, and the files one by one (one per system, then contacts.yaml). */
export async function exportFiles(options: ExportOptions = {}): Promise<{ systems: number; files: Generator<RunbookFileOut> }> {
  const data = await load(options);
  data.systems.sort((a, b) => String(a.slug).localeCompare(String(b.slug), "en"));
  function* files() {
    for (const system of data.systems) yield { path: `systems/${system.slug}.yaml`, content: toYaml(systemDocument(system, data)) };
    yield { path: "contacts.yaml", content: toYaml(contactsDocument(data.contacts, data)) };
  }
  return { systems: data.systems.length, files: files() };
}

/** The whole portal as runbook files, all at once. */
export async function exportRunbooks(options: ExportOptions = {}): Promise<RunbookFileOut[]> {
  return [...(await exportFiles(options)).files];
}

/** One system as a single file: its document, then a document of the contacts it names, so the file stands on its own. */
export async function exportSystem(slug: string, options: Omit<ExportOptions, "slug"> = {}): Promise<RunbookFileOut | null> {
  const data = await load({ ...options, slug });
  const system = data.systems[0];
  if (!system) return null;
  const document = systemDocument(system, data);
  const named = new Set<string>([document.owner, document.backupOwner, ...((document.escalationLevels as FileEntry[] | undefined) ?? []).flatMap((l) => (l.contacts as string[] | undefined) ?? [])].filter(Boolean) as string[]);
  const contacts = data.contacts.filter((c) => named.has(String(c.key)));
  return { path: `${slug}.yaml`, content: `${toYaml(document)}---\n${toYaml(contactsDocument(contacts, data))}` };
}
