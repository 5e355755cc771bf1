import "server-only";
import { z } from "zod";
import { deleteEntry, saveEntry } from "@/lib/entries/save";
import { markSystemReviewed } from "@/lib/data/systems";
import { ConflictError } from "@/lib/entries/errors";
import { countEntities, getEntitySnapshot, listSnapshots, type Snapshot } from "@/lib/entries/snapshot";
import { listRevisions } from "@/lib/history/revisions";
import { restoreRevision } from "@/lib/entries/write";
import { type WriteResult } from "@/lib/entries/revision";
import { matchingIds } from "@/lib/search";
import { changeMetaSchema, ENTITY_ID, text, wholeNumber } from "@/lib/validation/common";
import { apiCaller } from "./auth";
import { listQuerySchema, type Collection } from "./collections";
import { findSystem } from "@/lib/data/systems";
import { ApiProblem, etag, ifMatchVersion, json, jsonPath, readJson, validate, validateQuery } from "./http";

// The endpoints every entry type has, made from its descriptor (lib/api/collections.ts):
// list, get, create, replace (PUT), patch, delete, history and restore. Every write goes
// through the same save path as the pages (lib/entries/save.ts → lib/entries/write.ts),
// so roles, validation, references, history, locking and search come with it.

type Entry = Snapshot & { id: string; version: number };

const notFound = (collection: Collection, ref: string) =>
  new ApiProblem({ title: "Not found", status: 404, detail: `No ${collection.desc.label.toLowerCase()} has the ${collection.desc.address === "slug" ? "slug or id" : "id"} “${ref.slice(0, 80)}”.` });

/** The id of the entry `ref` names: a system (addressed by slug) by slug or id, every other entry by id. */
async function resolve(collection: Collection, ref: string): Promise<string> {
  if (collection.desc.address === "slug") {
    const system = await findSystem(ref);
    if (!system) throw notFound(collection, ref);
    return system.id;
  }
  if (!ENTITY_ID.safeParse(ref).success) throw notFound(collection, ref);
  return ref;
}

async function current(collection: Collection, ref: string): Promise<Entry> {
  const id = await resolve(collection, ref);
  const found = await getEntitySnapshot(collection.type, id);
  if (!found) throw notFound(collection, ref);
  return { id, version: found.version, ...found.snapshot };
}

/** An entry as answers carry it: the snapshot history keeps, with its id and version. */
function present(entry: Entry) {
  const { id, version, ...snapshot } = entry;
  return { id, version, ...snapshot };
}

function entryResponse(entry: Entry, status = 200, headers: Record<string, string> = {}) {
  return json(present(entry), status, { ETag: etag(entry.version), ...headers });
}

/** A write that waits for approval: 202, the change request (Location: its page), and what else the answer holds. */
function waitingResponse(requestId: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const url = `/approvals/${requestId}`;
  return json({ changeRequest: { id: requestId, status: "PENDING", url }, ...extra }, 202, { ...headers, Location: url });
}

/** The answer to a write: the entry as saved, or (it needs approval) as it still is, with the change request that waits. */
async function writtenResponse(collection: Collection, id: string, written: WriteResult) {
  const entry = await saved(collection, id);
  if (!written.changeRequestId) return entryResponse(entry);
  return waitingResponse(written.changeRequestId, { entry: present(entry) }, { ETag: etag(entry.version) });
}

function pick(values: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(keys.filter((key) => key in values).map((key) => [key, values[key]]));
}

async function systemId(ref: string): Promise<string | null> {
  return (await findSystem(ref))?.id ?? null;
}

/** Fields an answer carries that a write may send back unchanged, but not changed. */
function refuseReadOnlyChanges(collection: Collection, body: Record<string, unknown>, entry: Entry, version: number) {
  const errors: Record<string, string[]> = {};
  if ("version" in body && body.version !== version) errors[jsonPath(["version"])] = ["Send the version you read in If-Match; here it may only repeat it"];
  for (const field of ["id", ...collection.readOnly]) {
    if (field in body && JSON.stringify(body[field]) !== JSON.stringify(entry[field] ?? null)) {
      errors[jsonPath([field])] = [field === "systemId" ? "An entry keeps its system; create a new one under the other system instead" : "Read-only: set by the portal, not by a write"];
    }
  }
  if (Object.keys(errors).length) throw new ApiProblem({ title: "Some fields need attention; nothing was saved", status: 422, errors });
}

/** The version a write is based on must still be the latest before anything is merged onto it. */
function requireVersion(entry: Entry, version: number) {
  if (entry.version !== version) throw new ConflictError(version, entry.version, entry);
}

// ---- reads

const cursorSchema = z.object({ after: ENTITY_ID });

function encodeCursor(after: string) {
  return Buffer.from(JSON.stringify({ after }), "utf8").toString("base64url");
}

function decodeCursor(cursor: string): string {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"))).after;
  } catch {
    throw new ApiProblem({ title: "Bad query", status: 400, detail: "This cursor is not one the API gave; start again without it.", errors: { cursor: ["Not a cursor of this API"] } });
  }
}

/**
 * A page of entries in id order, with the total that match. Paging is by id (keyset), so
 * entries created, changed or deleted meanwhile never make a page skip or repeat another.
 */
export async function listEntries(request: Request, collection: Collection): Promise<Response> {
  await apiCaller(request);
  const query = validateQuery(listQuerySchema(collection), request) as Record<string, string | number | undefined>;
  const where: Record<string, unknown> = {};
  if (query.deleted !== "true") where.deletedAt = null;
  if (typeof query.system === "string") {
    const id = await systemId(query.system);
    if (!id) throw new ApiProblem({ title: "Bad query", status: 400, errors: { system: ["No system has this slug or id"] } });
    where.systemId = id;
  }
  for (const field of Object.keys(collection.enumFilters)) if (query[field] !== undefined) where[field] = query[field];
  const ids: Record<string, unknown> = {};
  if (typeof query.q === "string" && query.q !== "") ids.in = await matchingIds(collection.type, query.q, 1_000);
  const total = await countEntities(collection.type, Object.keys(ids).length ? { ...where, id: ids } : where);
  const limit = query.limit as number;
  if (typeof query.cursor === "string") ids.gt = decodeCursor(query.cursor);
  const rows = await listSnapshots(collection.type, Object.keys(ids).length ? { ...where, id: ids } : where, undefined, { take: limit + 1 });
  const page = rows.slice(0, limit);
  return json({ items: page.map(present), total, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null });
}

export async function getEntry(request: Request, collection: Collection, ref: string): Promise<Response> {
  await apiCaller(request);
  return entryResponse(await current(collection, ref));
}

export async function entryHistory(request: Request, collection: Collection, ref: string): Promise<Response> {
  await apiCaller(request);
  const entry = await current(collection, ref);
  const revisions = await listRevisions(collection.type, entry.id);
  return json({
    items: revisions.map((revision) => ({
      version: revision.version,
      action: revision.action,
      changeNote: revision.changeNote,
      incidentRef: revision.incidentRef,
      author: revision.authorName,
      createdAt: revision.createdAt.toISOString(),
      snapshot: revision.snapshot,
    })),
  });
}

// ---- writes

const writeMeta = (values: Record<string, unknown>) => ({ changeNote: String(values.changeNote), incidentRef: (values.incidentRef as string | null | undefined) ?? null });

async function saved(collection: Collection, id: string): Promise<Entry> {
  const found = await getEntitySnapshot(collection.type, id);
  return { id, version: found!.version, ...found!.snapshot };
}

export async function createEntry(request: Request, collection: Collection): Promise<Response> {
  const actor = await apiCaller(request, "EDITOR");
  const body = validate(collection.create, await readJson(request));
  let parent: string | null = null;
  if (collection.desc.ofSystem) {
    parent = await systemId(String(body.system));
    if (!parent) throw new ApiProblem({ title: "Some fields need attention; nothing was saved", status: 422, errors: { "$.system": ["No system has this slug or id"] } });
  }
  const row = await saveEntry(actor, collection.type, { systemId: parent }, pick(body, collection.writable), writeMeta(body));
  // A new entry of a system that needs approval: nothing exists yet, the request waits.
  if (row.changeRequestId) return waitingResponse(row.changeRequestId);
  const entry = await saved(collection, row.id);
  const address = collection.desc.address === "slug" ? String(entry.slug) : entry.id;
  return entryResponse(entry, 201, { Location: `/api/v1/${collection.name}/${address}` });
}

export async function replaceEntry(request: Request, collection: Collection, ref: string): Promise<Response> {
  const actor = await apiCaller(request, "EDITOR");
  const version = ifMatchVersion(request);
  const body = validate(collection.replace, await readJson(request));
  const entry = await current(collection, ref);
  refuseReadOnlyChanges(collection, body, entry, version);
  const written = await saveEntry(actor, collection.type, { id: entry.id }, pick(body, collection.writable), { ...writeMeta(body), expectedVersion: version });
  return writtenResponse(collection, entry.id, written);
}

/** PATCH: the fields sent replace the entry's (lists as a whole), checked together with the rest as a full save. */
export async function patchEntry(request: Request, collection: Collection, ref: string): Promise<Response> {
  const actor = await apiCaller(request, "EDITOR");
  const version = ifMatchVersion(request);
  const raw = await readJson(request);
  validate(collection.patch, raw);
  // Merged from the body as sent: the check above may fill in defaults for fields it did not hold.
  const body = raw as Record<string, unknown>;
  const entry = await current(collection, ref);
  refuseReadOnlyChanges(collection, body, entry, version);
  requireVersion(entry, version);
  const values = validate(collection.desc.schema, { ...pick(entry, collection.writable), ...pick(body, collection.writable) });
  const written = await saveEntry(actor, collection.type, { id: entry.id }, values, { ...writeMeta(body), expectedVersion: version });
  return writtenResponse(collection, entry.id, written);
}

export const deleteBody = z.object({ changeNote: changeMetaSchema.shape.changeNote, incidentRef: changeMetaSchema.shape.incidentRef.optional() }).strict();

/** Soft delete: the entry stays, marked deleted, with its history; restore brings it back. */
export async function removeEntry(request: Request, collection: Collection, ref: string): Promise<Response> {
  const actor = await apiCaller(request, "EDITOR");
  const version = ifMatchVersion(request);
  const body = validate(deleteBody, await readJson(request, { optional: true }));
  const entry = await current(collection, ref);
  const written = await deleteEntry(actor, collection.type, entry.id, { ...writeMeta(body), expectedVersion: version });
  return writtenResponse(collection, entry.id, written);
}

export const restoreBody = z
  .object({
    version: wholeNumber("Version").min(1, "Versions start at 1").max(2_147_483_647).describe("The version to bring back"),
    changeNote: changeMetaSchema.shape.changeNote.optional().describe("“Restored version N” when left out"),
    incidentRef: changeMetaSchema.shape.incidentRef.optional(),
  })
  .strict();

/** Writes a new version equal to an old one; restoring from before a deletion brings the entry back. */
export async function restoreEntry(request: Request, collection: Collection, ref: string): Promise<Response> {
  const actor = await apiCaller(request, "EDITOR");
  const expected = ifMatchVersion(request);
  const body = validate(restoreBody, await readJson(request));
  const entry = await current(collection, ref);
  const written = await restoreRevision(actor, collection.type, entry.id, body.version, expected, {
    changeNote: body.changeNote ?? `Restored version ${body.version}`,
    incidentRef: body.incidentRef ?? null,
  });
  return writtenResponse(collection, entry.id, written);
}

export const reviewBody = z
  .object({ note: text().trim().max(500, "Keep the note under 500 characters").default("").describe("“Reviewed: the runbook is current” when left out") })
  .strict();

/** Marks a system's runbook reviewed, as "Mark reviewed" on its overview does. */
export async function reviewSystem(request: Request, collection: Collection, ref: string): Promise<Response> {
  const actor = await apiCaller(request, "EDITOR");
  const version = ifMatchVersion(request);
  const body = validate(reviewBody, await readJson(request, { optional: true }));
  const entry = await current(collection, ref);
  await markSystemReviewed(actor, entry.id, version, body.note);
  return entryResponse(await saved(collection, entry.id));
}
