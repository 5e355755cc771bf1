import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Validator } from "@seriousme/openapi-schema-validator";
import { ownDatabase } from "@/test/own-database";
import { call, document, operations, succeeded, type CallOptions } from "@/test/api-contract";
import { db } from "@/lib/db";
import { loadRunbooks } from "@/lib/seed/load";
import { demoRunbooks } from "@/lib/seed/demo-runbooks";
import { createToken, revokeToken } from "@/lib/auth/tokens";
import { search } from "@/lib/search";
import { COLLECTIONS, type Collection } from "./collections";
import { resetApiRateLimits } from "./rate-limit";
import { sameOrigin } from "./auth";
import { UNSTORABLE_TEXT } from "@/lib/validation/common";
import type { Role } from "@/lib/generated/prisma/enums";

// The API's contract, against a real database through the real route handlers: every
// endpoint and method, every answer checked against the OpenAPI document; the same
// roles, validation, history and conflict rules as the pages.

const database = await ownDatabase("api");
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

type Person = { id: string; name: string; token: string };
const people = {} as Record<"viewer" | "editor" | "admin" | "disabled", Person>;
const tokens = {} as Record<"editorRead" | "revoked" | "expired", string>;

beforeAll(async () => {
  // Far above what this file sends in a minute; the rate limit test sets its own.
  process.env.RUNBOOK_API_RATE_PER_TOKEN = process.env.RUNBOOK_API_RATE_PER_ADDRESS = "100000";
  resetApiRateLimits();
  await loadRunbooks(demoRunbooks);
  // These tests are about writes that apply at once: the demo's tier-1 system needs approval for changes (lib/approvals, tested there and below).
  await db.system.updateMany({ data: { changesNeedApproval: false } });
  const roles: Record<keyof typeof people, Role> = { viewer: "VIEWER", editor: "EDITOR", admin: "ADMIN", disabled: "EDITOR" };
  for (const [key, role] of Object.entries(roles) as [keyof typeof people, Role][]) {
    const user = await db.user.create({ data: { email: `${key}@example.com`, name: `${key} person`, passwordHash: "x", role } });
    const { secret } = await createToken({ id: user.id, name: user.name, role }, { name: `${key} token`, scope: "WRITE", expiresIn: "30" });
    people[key] = { id: user.id, name: user.name, token: secret };
  }
  const editor = { id: people.editor.id, name: people.editor.name, role: "EDITOR" as Role };
  tokens.editorRead = (await createToken(editor, { name: "read only", scope: "READ", expiresIn: "30" })).secret;
  const revoked = await createToken(editor, { name: "revoked", scope: "WRITE", expiresIn: "30" });
  await revokeToken(editor, revoked.token.id);
  tokens.revoked = revoked.secret;
  const expired = await createToken(editor, { name: "expired", scope: "WRITE", expiresIn: "30" });
  await db.apiToken.update({ where: { id: expired.token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  tokens.expired = expired.secret;
  await db.user.update({ where: { id: people.disabled.id }, data: { disabled: true } });
});

const as = (token: string | null) => ({
  get: (path: string, options: CallOptions = {}) => call("GET", path, { token, ...options }),
  post: (path: string, body?: unknown, headers?: Record<string, string>) => call("POST", path, { token, body, headers }),
  put: (path: string, body: unknown, headers?: Record<string, string>) => call("PUT", path, { token, body, headers }),
  patch: (path: string, body: unknown, headers?: Record<string, string>) => call("PATCH", path, { token, body, headers }),
  delete: (path: string, body: unknown, headers?: Record<string, string>) => call("DELETE", path, { token, body, headers }),
});
const editor = () => as(people.editor.token);
const ifMatch = (version: number | string) => ({ "if-match": `"${version}"` });

type Json = Record<string, unknown>;

/** A valid new entry of each collection, and the field that names it. */
function newEntry(collection: Collection, tag: string): Json {
  const bodies: Record<string, Json> = {
    systems: { slug: `api-${tag}`, name: `API system ${tag}`, tier: "TIER_3", purpose: "Made through the API." },
    dependencies: { system: "invoice-pipeline", name: `Queue ${tag}`, kind: "QUEUE", usedFor: "Buffers invoices." },
    "failure-modes": { system: "invoice-pipeline", title: `Backlog ${tag}`, severity: "SEV3", alertNames: [`ApiBacklog${tag}`], immediateActions: ["Check the queue depth"] },
    procedures: { system: "invoice-pipeline", title: `Drain ${tag}`, steps: [{ instruction: "Drain the queue", command: "kubectl scale deploy/worker --replicas=4" }] },
    "escalation-levels": { system: "invoice-pipeline", level: 9, name: `Level ${tag}` },
    contacts: { name: `Team ${tag}`, kind: "TEAM", email: `team-${tag}@example.com` },
  };
  return bodies[collection.name]!;
}

const nameField = (collection: Collection) => collection.desc.heading.fields.find((field) => collection.desc.fields[field]!.kind === "text")!;
function withoutSystem(entry: Json): Json {
  const rest = { ...entry };
  delete rest.system;
  return rest;
}

async function revisionCount() {
  return db.revision.count();
}

test("the OpenAPI document is valid OpenAPI 3.1, served as JSON to anyone", async () => {
  const result = await new Validator().validate(document as never);
  expect(result).toEqual({ valid: true });
  expect(document.openapi).toMatch(/^3\.1\./);
  const served = await call("GET", "/api/v1/openapi.json");
  expect(served.status).toBe(200);
  expect((served.body as Json).paths).toEqual(JSON.parse(JSON.stringify(document.paths)));
});

describe.each(COLLECTIONS.map((collection) => [collection.name, collection] as const))("%s", (_name, collection) => {
  test("create, read, list, replace, patch, delete, history and restore, as the pages do", async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const field = nameField(collection);
    const body = newEntry(collection, tag);

    const created = await editor().post(`/api/v1/${collection.name}`, { ...body, changeNote: "Added by the deploy bot", incidentRef: "INC-7" });
    expect(created.status).toBe(201);
    const entry = created.body as Json & { id: string; version: number };
    expect(entry.version).toBe(1);
    expect(created.headers.get("etag")).toBe('"1"');
    const address = `/api/v1/${collection.name}/${collection.type === "SYSTEM" ? entry.slug : entry.id}`;
    expect(created.headers.get("location")).toBe(address);

    const read = await editor().get(address);
    expect(read.body).toEqual(entry);
    expect((await as(people.viewer.token).get(`/api/v1/${collection.name}/${entry.id}`)).body).toEqual(entry);

    const listed = await editor().get(`/api/v1/${collection.name}?limit=200`);
    expect((listed.body as { items: Json[] }).items.map((item) => item.id)).toContain(entry.id);

    // PUT: the whole entry; what GET gave may go back unchanged.
    const replaced = await editor().put(address, { ...withoutSystem(body), ...withoutSystem(read.body as Json), [field]: `${body[field]} (renamed)`, changeNote: "Renamed" }, ifMatch(1));
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ version: 2, [field]: `${body[field]} (renamed)` });
    expect(replaced.headers.get("etag")).toBe('"2"');

    // The same validation as the form: nothing changes.
    const invalid = await editor().put(address, { ...withoutSystem(body), [field]: "", changeNote: "Emptied" }, ifMatch(2));
    expect(invalid.status).toBe(422);
    expect(Object.keys((invalid.body as { errors: Json }).errors)).toEqual([`$.${field}`]);
    const noNote = await editor().patch(address, { [field]: "No note" }, ifMatch(2));
    expect(noNote.status).toBe(422);
    expect(Object.keys((noNote.body as { errors: Json }).errors)).toEqual(["$.changeNote"]);

    const patched = await call("PATCH", address, {
      token: people.editor.token,
      raw: JSON.stringify({ [field]: `${body[field]} (patched)`, changeNote: "Patched", incidentRef: "INC-8" }),
      headers: { "content-type": "application/merge-patch+json", ...ifMatch(2) },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ version: 3, [field]: `${body[field]} (patched)` });
    // What the PATCH did not name stayed as it was.
    for (const [key, value] of Object.entries(replaced.body as Json)) if (![field, "version"].includes(key)) expect((patched.body as Json)[key], key).toEqual(value);

    const deleted = await editor().delete(address, { changeNote: "Gone for now" }, ifMatch(3));
    expect(deleted.status).toBe(200);
    expect((deleted.body as Json).deletedAt).toEqual(expect.any(String));
    const live = await editor().get(`/api/v1/${collection.name}?limit=200`);
    expect((live.body as { items: Json[] }).items.map((item) => item.id)).not.toContain(entry.id);
    const all = await editor().get(`/api/v1/${collection.name}?limit=200&deleted=true`);
    expect((all.body as { items: Json[] }).items.map((item) => item.id)).toContain(entry.id);

    const restored = await editor().post(`${address}/restore`, { version: 3 }, ifMatch(4));
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ version: 5, deletedAt: null, [field]: `${body[field]} (patched)` });

    const history = await editor().get(`${address}/history`);
    const items = (history.body as { items: Json[] }).items;
    expect(items.map((item) => [item.version, item.action, item.changeNote, item.incidentRef, item.author])).toEqual([
      [5, "RESTORE", "Restored version 3", null, "editor person"],
      [4, "DELETE", "Gone for now", null, "editor person"],
      [3, "UPDATE", "Patched", "INC-8", "editor person"],
      [2, "UPDATE", "Renamed", null, "editor person"],
      [1, "CREATE", "Added by the deploy bot", "INC-7", "editor person"],
    ]);
  });
});

test("an admin's token writes too; a viewer's never, whatever its scope", async () => {
  const created = await as(people.admin.token).post("/api/v1/contacts", { name: "Admin's team", kind: "TEAM" });
  expect(created.status).toBe(201);
  expect((await db.revision.findFirstOrThrow({ where: { entityId: (created.body as Json).id as string } })).authorName).toBe("admin person");
});

test("the role matrix: every write refused for anonymous, viewer, read-scope, revoked, expired and disabled callers, and nothing changes", async () => {
  const system = (await editor().get("/api/v1/systems/invoice-pipeline")).body as Json & { id: string; version: number };
  const targets = await Promise.all(
    COLLECTIONS.map(async (collection) => {
      const page = (await editor().get(`/api/v1/${collection.name}?limit=1`)).body as { items: (Json & { id: string; version: number })[] };
      return { collection, entry: page.items[0]! };
    }),
  );
  const writes: [string, string, unknown][] = [
    ...targets.flatMap(({ collection, entry }): [string, string, unknown][] => {
      const address = `/api/v1/${collection.name}/${entry.id}`;
      return [
        ["POST", `/api/v1/${collection.name}`, newEntry(collection, "refused")],
        ["PUT", address, { ...withoutSystem(newEntry(collection, "refused")), changeNote: "refused" }],
        ["PATCH", address, { [nameField(collection)]: "refused", changeNote: "refused" }],
        ["DELETE", address, { changeNote: "refused" }],
        ["POST", `${address}/restore`, { version: 1 }],
      ];
    }),
    ["POST", "/api/v1/systems/invoice-pipeline/review", {}],
    ["POST", "/api/v1/import", { files: [{ name: "contacts.yaml", content: "format: runbook-portal/v1\nkind: contacts\ncontacts:\n  - key: refused\n    name: Refused\n    kind: TEAM\n" }], apply: true }],
  ];
  const callers: [string, string | null, number][] = [
    ["anonymous", null, 401],
    ["viewer", people.viewer.token, 403],
    ["editor with a read token", tokens.editorRead, 403],
    ["revoked token", tokens.revoked, 401],
    ["expired token", tokens.expired, 401],
    ["disabled user", people.disabled.token, 401],
    ["not a token", "rbp_not-a-real-token", 401],
  ];
  const before = await revisionCount();
  const seen: string[] = [];
  for (const [who, token, status] of callers) {
    for (const [method, path, body] of writes) {
      const answer = await call(method, path, { token, body, headers: ifMatch(system.version) });
      seen.push(`${who} ${method} ${path} ${answer.status}`);
      expect(answer.status, `${who}: ${method} ${path}`).toBe(status);
      if (status === 401) expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
  }
  expect(seen).toHaveLength(callers.length * writes.length);
  expect(await revisionCount()).toBe(before);
  for (const { collection, entry } of targets) expect((await editor().get(`/api/v1/${collection.name}/${entry.id}`)).body).toEqual(entry);
  expect(await db.contact.count({ where: { key: "refused" } })).toBe(0);
  // Reads: refused without a valid token, allowed to every role and scope.
  for (const [who, token, status] of callers) expect((await as(token).get("/api/v1/systems")).status, who).toBe(status === 403 ? 200 : 401);
});

test("revoking a token or disabling its user stops it on the very next request", async () => {
  const editorActor = { id: people.editor.id, name: people.editor.name, role: "EDITOR" as Role };
  const { secret, token } = await createToken(editorActor, { name: "short-lived", scope: "WRITE", expiresIn: "30" });
  expect((await as(secret).get("/api/v1/me")).body).toMatchObject({ id: people.editor.id, role: "EDITOR", scope: "WRITE" });
  expect((await as(tokens.editorRead).get("/api/v1/me")).body).toMatchObject({ role: "VIEWER", scope: "READ" });
  await revokeToken(editorActor, token.id);
  expect((await as(secret).get("/api/v1/me")).status).toBe(401);
});

test("conflicts as HTTP does them: 428 without If-Match, 412 with an old version, and nothing is lost", async () => {
  const created = (await editor().post("/api/v1/failure-modes", newEntry(COLLECTIONS.find((c) => c.name === "failure-modes")!, "conflict"))).body as Json & { id: string };
  const address = `/api/v1/failure-modes/${created.id}`;
  const first = await editor().patch(address, { title: "First writer", changeNote: "first" }, ifMatch(1));
  expect(first.status).toBe(200);

  const stale = { title: "Second writer", changeNote: "second" };
  const conflict = await editor().patch(address, stale, ifMatch(1));
  expect(conflict.status).toBe(412);
  expect(conflict.headers.get("etag")).toBe('"2"');
  expect(conflict.body).toMatchObject({ status: 412, currentVersion: 2 });
  expect((await editor().put(address, { ...withoutSystem(newEntry(COLLECTIONS[2]!, "x")), changeNote: "stale" }, ifMatch(1))).status).toBe(412);
  expect((await editor().delete(address, { changeNote: "stale" }, ifMatch(1))).status).toBe(412);
  expect((await editor().post(`${address}/restore`, { version: 1 }, ifMatch(1))).status).toBe(412);

  const missing = await editor().patch(address, stale);
  expect(missing.status).toBe(428);
  expect((await editor().put(address, { ...withoutSystem(newEntry(COLLECTIONS[2]!, "x")), changeNote: "no version" })).status).toBe(428);
  expect((await editor().post(`${address}/restore`, { version: 1 })).status).toBe(428);
  expect((await editor().patch(address, stale, { "if-match": 'W/"2"' })).status).toBe(428);
  expect((await editor().delete(address, { changeNote: "no version" })).status).toBe(428);
  expect((await editor().post("/api/v1/systems/invoice-pipeline/review", {})).status).toBe(428);
  expect((await editor().patch(address, stale, { "if-match": "*" })).status).toBe(428);

  const now = (await editor().get(address)).body as Json;
  expect(now).toMatchObject({ version: 2, title: "First writer" });
  expect(await db.revision.count({ where: { entityId: created.id } })).toBe(2);
});

test("a write to an entry that needs approval is answered 202 with the change request; the entry stays as it is until someone else approves", async () => {
  const { approveChange } = await import("@/lib/approvals/requests");
  await db.system.update({ where: { slug: "ad-performance-pull" }, data: { changesNeedApproval: true } });
  try {
    const address = "/api/v1/systems/ad-performance-pull";
    const before = (await editor().get(address)).body as Json & { version: number; purpose: string };
    const answer = await editor().patch(address, { purpose: "Proposed through the API.", changeNote: "via API" }, ifMatch(before.version));
    expect(answer.status).toBe(202);
    const body = answer.body as { changeRequest: { id: string; url: string }; entry: Json };
    expect(answer.headers.get("location")).toBe(body.changeRequest.url);
    expect(body.entry).toMatchObject({ version: before.version, purpose: before.purpose });
    const failureMode = await db.failureMode.findFirstOrThrow({ where: { system: { slug: "ad-performance-pull" }, deletedAt: null } });
    const deleting = await editor().delete(`/api/v1/failure-modes/${failureMode.id}`, { changeNote: "gone" }, ifMatch(failureMode.version));
    expect(deleting.status).toBe(202);
    expect((await db.failureMode.findUniqueOrThrow({ where: { id: failureMode.id } })).deletedAt).toBeNull();
    // The author's own token cannot approve; another person does, and the change is live.
    const request = await db.changeRequest.findUniqueOrThrow({ where: { id: body.changeRequest.id } });
    expect(request).toMatchObject({ authorId: people.editor.id, status: "PENDING" });
    await approveChange({ id: people.admin.id, name: people.admin.name, role: "ADMIN" }, request.id, request.version, "");
    expect((await editor().get(address)).body).toMatchObject({ version: before.version + 1, purpose: "Proposed through the API." });
    // A new entry of the system waits too: 202, and nothing is created yet.
    const creating = await editor().post("/api/v1/failure-modes", { system: "ad-performance-pull", title: "Proposed failure mode", severity: "SEV3", changeNote: "new" });
    expect(creating.status).toBe(202);
    const waiting = (creating.body as { changeRequest: { id: string } }).changeRequest.id;
    expect(await db.changeRequest.findUniqueOrThrow({ where: { id: waiting } })).toMatchObject({ kind: "CREATE", status: "PENDING" });
    expect(await db.failureMode.count({ where: { title: "Proposed failure mode" } })).toBe(0);
  } finally {
    await db.system.update({ where: { slug: "ad-performance-pull" }, data: { changesNeedApproval: false } });
  }
});

test("an alert name a gated system's failure mode lists: a failure mode elsewhere that adds it through the API waits for approval (202), and the alert still leads to the guarded one", async () => {
  const guarded = await db.failureMode.findFirstOrThrow({ where: { system: { slug: "ad-performance-pull" }, deletedAt: null, NOT: { alertNames: { isEmpty: true } } } });
  const alert = guarded.alertNames[0]!;
  await db.system.update({ where: { slug: "ad-performance-pull" }, data: { changesNeedApproval: true } });
  try {
    const creating = await editor().post("/api/v1/failure-modes", { system: "invoice-pipeline", title: "Hijacked alert", severity: "SEV1", alertNames: [alert.toUpperCase()], changeNote: "new" });
    expect(creating.status).toBe(202);
    expect(await db.failureMode.count({ where: { title: "Hijacked alert" } })).toBe(0);
    const own = await db.failureMode.findFirstOrThrow({ where: { system: { slug: "invoice-pipeline" }, deletedAt: null } });
    const adding = await editor().patch(`/api/v1/failure-modes/${own.id}`, { alertNames: [...own.alertNames, alert], changeNote: "claim it" }, ifMatch(own.version));
    expect(adding.status).toBe(202);
    expect((await db.failureMode.findUniqueOrThrow({ where: { id: own.id } })).alertNames).toEqual(own.alertNames);
    const runbooks = (await editor().get(`/api/v1/alerts/${alert}`)).body as { failureModes: { id: string }[] };
    expect(runbooks.failureModes.map((fm) => fm.id)).toEqual([guarded.id]);
  } finally {
    await db.system.update({ where: { slug: "ad-performance-pull" }, data: { changesNeedApproval: false } });
  }
});

test("the audit log for an admin's token, filtered, as JSON lines or CSV; refused to anyone else", async () => {
  const admin = as(people.admin.token);
  const lines = await admin.get("/api/v1/audit/events?action=token.&format=jsonl");
  expect(lines.status).toBe(200);
  const events = String(lines.body).trim().split("\n").map((line) => JSON.parse(line) as { action: string; actorName: string; seq: number; hash: string });
  expect(events.length).toBeGreaterThan(0);
  expect(new Set(events.map((e) => e.action.split(".")[0]))).toEqual(new Set(["token"]));
  expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => b - a));
  expect(events.find((e) => e.action === "token.created")).toMatchObject({ actorName: "editor person", hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  const csv = await admin.get(`/api/v1/audit/events?format=csv&actor=${people.editor.id}&action=token.created`);
  expect(csv.status).toBe(200);
  const rows = String(csv.body).trim().split("\r\n");
  expect(rows[0]).toMatch(/^seq,at,actorId,actorName,action,/);
  expect(rows.slice(1).every((row) => row.includes(`,${people.editor.id},editor person,token.created,`))).toBe(true);
  expect((await admin.get("/api/v1/audit/events?from=yesterday")).status).toBe(400);
  expect((await admin.get("/api/v1/audit/events?colour=red")).status).toBe(400);
  expect((await editor().get("/api/v1/audit/events")).status).toBe(403);
  expect((await as(tokens.editorRead).get("/api/v1/audit/events")).status).toBe(403);
  // Shipping the log needs no power to write: an admin's read-scope token reads it.
  const adminRead = (await createToken({ id: people.admin.id, name: people.admin.name, role: "ADMIN" }, { name: "audit shipping", scope: "READ", expiresIn: "30" })).secret;
  expect((await as(adminRead).get("/api/v1/audit/events?action=token.created")).status).toBe(200);
  expect((await as(null).get("/api/v1/audit/events")).status).toBe(401);
});

test("bad requests: malformed JSON, the wrong content type, huge bodies, unknown fields and parameters; nothing is stored", async () => {
  const before = await revisionCount();
  const post = (options: CallOptions) => call("POST", "/api/v1/contacts", { token: people.editor.token, ...options });
  const malformed = await post({ raw: '{"name": "Half', headers: { "content-type": "application/json" } });
  expect(malformed.status).toBe(400);
  expect(malformed.body).toMatchObject({ title: "Malformed JSON", status: 400 });
  expect((await post({ raw: JSON.stringify({ name: "x", kind: "TEAM" }), headers: { "content-type": "text/plain" } })).status).toBe(415);
  expect((await post({ raw: "name=x&kind=TEAM", headers: { "content-type": "application/x-www-form-urlencoded" } })).status).toBe(415);
  const huge = await post({ body: { name: "Huge", kind: "TEAM", notes: "x".repeat(2.5 * 1024 * 1024) } });
  expect(huge.status).toBe(413);
  expect((await post({ raw: "[1,2", headers: { "content-type": "application/json", "content-length": String(3 * 1024 * 1024) } })).status).toBe(413);

  const unknown = await post({ body: { name: "Unknown", kind: "TEAM", nickname: "x" } });
  expect(unknown.status).toBe(422);
  expect((unknown.body as { errors: Json }).errors).toEqual({ "$.nickname": ["Unknown field: the API rejects fields it does not know"] });
  const nested = await editor().post("/api/v1/procedures", { system: "invoice-pipeline", title: "Nested", steps: [{ instruction: "Do it", comand: "typo" }] });
  expect(nested.status).toBe(422);
  expect(Object.keys((nested.body as { errors: Json }).errors)).toEqual(["$.steps[0].comand"]);
  const wrongType = await post({ body: { name: 42, kind: "FRIEND" } });
  expect(Object.keys((wrongType.body as { errors: Json }).errors).sort()).toEqual(["$.kind", "$.name"]);
  expect((await post({ body: [1, 2] })).status).toBe(422);
  expect((await editor().post("/api/v1/failure-modes", { system: "no-such-system", title: "Orphan", severity: "SEV2" })).body).toMatchObject({
    status: 422,
    errors: { "$.system": ["No system has this slug or id"] },
  });

  const query = await editor().get("/api/v1/failure-modes?severity=SEV9&colour=red");
  expect(query.status).toBe(400);
  expect(Object.keys((query.body as { errors: Json }).errors).sort()).toEqual(["colour", "severity"]);
  expect((await editor().get("/api/v1/contacts?cursor=bm90LWEtY3Vyc29y")).status).toBe(400);
  expect((await editor().get("/api/v1/gadgets")).status).toBe(404);
  expect((await editor().get("/api/v1/failure-modes/no-such-id")).status).toBe(404);
  expect((await editor().get("/api/v1/systems/no-such-system/history")).status).toBe(404);

  // NUL characters, which PostgreSQL cannot store, are field errors wherever they are.
  const nul = await editor().post("/api/v1/failure-modes", { system: "invoice-\u0000pipeline", title: "Nul\u0000title", severity: "SEV2" });
  expect(nul.status).toBe(422);
  expect(Object.keys((nul.body as { errors: Json }).errors).sort()).toEqual(["$.system", "$.title"]);
  // A read-only field nested a hundred thousand levels deep is refused, not a crash.
  const system = (await editor().get("/api/v1/systems/invoice-pipeline")).body as Json & { version: number };
  const deep = await call("PUT", "/api/v1/systems/invoice-pipeline", {
    token: people.editor.token,
    raw: `{"id": ${"[".repeat(100_000)}${"]".repeat(100_000)}, "changeNote": "deep"}`,
    headers: { "content-type": "application/json", ...ifMatch(system.version) },
  });
  expect([400, 422]).toContain(deep.status);
  expect(await revisionCount()).toBe(before);
});

test("a lone UTF-16 surrogate (\\ud800) in any text, and a number that is not a JSON integer, are field errors in a create and a PATCH alike; nothing is stored", async () => {
  const before = await revisionCount();
  const errorsOf = (answer: { status: number; body: unknown }) => {
    expect(answer.status).toBe(422);
    return (answer.body as { errors: Record<string, string[]> }).errors;
  };
  const created = errorsOf(await editor().post("/api/v1/procedures", { system: "invoice-pipeline", title: "Lone \ud800", steps: [{ instruction: "Run", command: "echo \udc00" }], changeNote: "why \ud800" }));
  expect(created).toEqual({ "$.title": [UNSTORABLE_TEXT], "$.steps[0].command": [UNSTORABLE_TEXT], "$.changeNote": [UNSTORABLE_TEXT] });
  expect(Object.keys(errorsOf(await editor().post("/api/v1/contacts", { name: "Keys", kind: "TEAM", "\ud800": "x" })))).toEqual(["$.\ud800"]);
  // Imports: in the file's text as sent (it would reach the file as U+FFFD), and as YAML writes it.
  const file = (content: string) => ({ files: [{ name: "lone.yaml", content }], apply: true });
  expect(errorsOf(await editor().post("/api/v1/import", file("format: runbook-portal/v1\nkind: system\nslug: lone\nname: Lone \ud800\ntier: TIER_3\n")))).toEqual({ "$.files[0].content": [UNSTORABLE_TEXT] });
  const yaml = errorsOf(await editor().post("/api/v1/import", file('format: runbook-portal/v1\nkind: system\nslug: lone\nname: "Lone \\ud800"\ntier: TIER_3\n')));
  expect(yaml["$.files[0]"]).toEqual([`lone.yaml, line 4, name: ${UNSTORABLE_TEXT}`]);

  // A PATCH once stored U+FFFD in place of the surrogate without a word.
  const entryOf = async (path: string) => ((await editor().get(path)).body as { items: (Json & { id: string; version: number })[] }).items[0]!;
  const procedure = await entryOf("/api/v1/procedures?system=invoice-pipeline&limit=1");
  const failureMode = await entryOf("/api/v1/failure-modes?system=invoice-pipeline&limit=1");
  const system = (await editor().get("/api/v1/systems/invoice-pipeline")).body as Json & { version: number };
  const patch = (path: string, version: number, body: Json) => editor().patch(path, { changeNote: "patched", ...body }, ifMatch(version));
  expect(errorsOf(await patch(`/api/v1/procedures/${procedure.id}`, procedure.version, { title: "Patched \ud800" }))).toEqual({ "$.title": [UNSTORABLE_TEXT] });
  expect(errorsOf(await patch(`/api/v1/failure-modes/${failureMode.id}`, failureMode.version, { alertNames: ["Fine", "Bad\ud800"], immediateActions: ["\udfff"] }))).toEqual({
    "$.alertNames[1]": [UNSTORABLE_TEXT],
    "$.immediateActions[0]": [UNSTORABLE_TEXT],
  });
  expect(
    errorsOf(await patch("/api/v1/systems/invoice-pipeline", system.version, { links: [{ label: "Logs", url: "https://logs.example.com/\ud800" }], components: [{ kind: "queue", name: "\ud800" }] })),
  ).toEqual({ "$.links[0].url": [UNSTORABLE_TEXT], "$.components[0].name": [UNSTORABLE_TEXT] });

  // The document says integer: true, [1], "0x10", "16" and 1.5 are not, where a form's text would have been coerced.
  for (const value of [true, [1], "0x10", "16", 1.5]) {
    const level = errorsOf(await editor().post("/api/v1/escalation-levels", { system: "invoice-pipeline", level: value, name: "Numbers", afterMinutes: value, expectedResponseMinutes: value }));
    expect(Object.keys(level).sort(), JSON.stringify(value)).toEqual(["$.afterMinutes", "$.expectedResponseMinutes", "$.level"]);
    const patched = errorsOf(await patch(`/api/v1/procedures/${procedure.id}`, procedure.version, { estimatedMinutes: value, drillIntervalDays: value }));
    expect(Object.keys(patched).sort(), JSON.stringify(value)).toEqual(["$.drillIntervalDays", "$.estimatedMinutes"]);
    expect(Object.keys(errorsOf(await patch("/api/v1/systems/invoice-pipeline", system.version, { reviewIntervalDays: value })))).toEqual(["$.reviewIntervalDays"]);
    expect(Object.keys(errorsOf(await call("POST", `/api/v1/procedures/${procedure.id}/restore`, { token: people.editor.token, body: { version: value }, headers: ifMatch(procedure.version) })))).toEqual(["$.version"]);
  }
  expect(await revisionCount()).toBe(before);
  expect((await editor().get(`/api/v1/procedures/${procedure.id}`)).body).toEqual(procedure);
});

test("fields an answer carries go back unchanged or not at all: a changed id, system or version is refused", async () => {
  const procedure = ((await editor().get("/api/v1/procedures?system=invoice-pipeline&limit=1")).body as { items: (Json & { id: string; version: number })[] }).items[0]!;
  const other = (await editor().get("/api/v1/systems/ad-performance-pull")).body as Json;
  const address = `/api/v1/procedures/${procedure.id}`;
  const moved = await editor().put(address, { ...procedure, systemId: other.id, changeNote: "move it" }, ifMatch(procedure.version));
  expect(moved.status).toBe(422);
  expect(Object.keys((moved.body as { errors: Json }).errors)).toEqual(["$.systemId"]);
  const renumbered = await editor().patch(address, { id: "c0000000000000000000000000", version: procedure.version + 5, changeNote: "x" }, ifMatch(procedure.version));
  expect(Object.keys((renumbered.body as { errors: Json }).errors).sort()).toEqual(["$.id", "$.version"]);
  expect((await editor().get(address)).body).toEqual(procedure);
});

test("systems with long slugs are reachable by slug; the export takes an id too", async () => {
  const slug = `a-very-long-system-slug-that-goes-well-past-forty-characters-${Math.random().toString(36).slice(2, 6)}`;
  const created = await editor().post("/api/v1/systems", { slug, name: "Long slug", tier: "TIER_4" });
  expect(created.headers.get("location")).toBe(`/api/v1/systems/${slug}`);
  expect((await editor().get(`/api/v1/systems/${slug}`)).status).toBe(200);
  expect((await editor().get(`/api/v1/systems/${(created.body as Json).id}/export`)).text).toContain(`slug: ${slug}`);
});

test("a cookie write counts only from a page of this site", () => {
  const request = (headers: Record<string, string>) => new Request("http://portal.test/api/v1/contacts", { method: "POST", headers: { host: "portal.test", ...headers } });
  expect(sameOrigin(request({ "sec-fetch-site": "same-origin" }))).toBe(true);
  expect(sameOrigin(request({ "sec-fetch-site": "same-site", origin: "http://portal.test" }))).toBe(false);
  expect(sameOrigin(request({ "sec-fetch-site": "cross-site" }))).toBe(false);
  expect(sameOrigin(request({ origin: "http://portal.test" }))).toBe(true);
  expect(sameOrigin(request({ origin: "https://evil.example" }))).toBe(false);
  // Behind a TLS proxy, plain http on the public host is not this site.
  expect(sameOrigin(request({ origin: "https://portal.test", "x-forwarded-proto": "https" }))).toBe(true);
  expect(sameOrigin(request({ origin: "http://portal.test", "x-forwarded-proto": "https" }))).toBe(false);
  expect(sameOrigin(request({ origin: "null" }))).toBe(false);
  expect(sameOrigin(request({}))).toBe(false);
});

test("lists filter as the browse pages do", async () => {
  const sev2 = (await editor().get("/api/v1/failure-modes?severity=SEV2&limit=200")).body as { items: Json[]; total: number };
  expect(sev2.items.length).toBeGreaterThan(0);
  expect(sev2.items.every((item) => item.severity === "SEV2")).toBe(true);
  expect(sev2.total).toBe(await db.failureMode.count({ where: { severity: "SEV2", deletedAt: null } }));
  const system = (await editor().get("/api/v1/systems/ad-performance-pull")).body as Json;
  const ofSystem = (await editor().get("/api/v1/procedures?system=ad-performance-pull&limit=200")).body as { items: Json[] };
  expect(ofSystem.items.length).toBeGreaterThan(0);
  expect(ofSystem.items.every((item) => item.systemId === system.id)).toBe(true);
  const found = (await editor().get("/api/v1/failure-modes?q=timeout&limit=200")).body as { items: Json[]; total: number };
  expect(found.items.length).toBeGreaterThan(0);
  expect(found.total).toBe(found.items.length);
  expect(found.items.every((item) => JSON.stringify(item).toLowerCase().includes("time"))).toBe(true);
});

test("paging never skips or repeats an entry while others create, change and delete entries", async () => {
  const tag = Math.random().toString(36).slice(2, 6);
  for (let index = 0; index < 23; index++) await editor().post("/api/v1/contacts", { name: `Pager ${tag} ${index}`, kind: "PERSON" });
  const start = ((await editor().get("/api/v1/contacts?limit=200")).body as { items: (Json & { id: string; version: number })[] }).items;
  const seen: string[] = [];
  let cursor: string | null = null;
  let round = 0;
  let deletedOne = false;
  do {
    const page = (await editor().get(`/api/v1/contacts?limit=7${cursor ? `&cursor=${cursor}` : ""}`)).body as { items: { id: string }[]; nextCursor: string | null; total: number };
    seen.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
    // Meanwhile: a new contact, a renamed one, and one deleted that this walk has already seen.
    await editor().post("/api/v1/contacts", { name: `Pager ${tag} new ${round}`, kind: "PERSON" });
    const renamed = start[(round * 5) % start.length]!;
    const current = (await editor().get(`/api/v1/contacts/${renamed.id}`)).body as { version: number };
    await editor().patch(`/api/v1/contacts/${renamed.id}`, { notes: `round ${round}`, changeNote: "paging test" }, ifMatch(current.version));
    const gone = await db.contact.findFirst({ where: { id: { in: seen }, name: { startsWith: `Pager ${tag}` }, deletedAt: null }, select: { id: true, version: true } });
    if (gone && !deletedOne) {
      expect((await editor().delete(`/api/v1/contacts/${gone.id}`, { changeNote: "paging test" }, ifMatch(gone.version))).status).toBe(200);
      deletedOne = true;
    }
    round++;
  } while (cursor);
  expect(new Set(seen).size).toBe(seen.length);
  for (const contact of start) expect(seen).toContain(contact.id);
  expect(round).toBeGreaterThan(3);
  expect(deletedOne).toBe(true);
});

test("GET /api/v1/alerts/<name>: everything for the first minutes of the demo alert, in one call", async () => {
  const answer = await as(people.viewer.token).get("/api/v1/alerts/invoiceparsertimeout");
  expect(answer.status).toBe(200);
  const [mode] = (answer.body as { failureModes: Json[] }).failureModes as {
    title: string;
    url: string;
    immediateActions: string[];
    system: { slug: string; owner: { name: string } | null };
    procedures: { steps: { command: string }[] }[];
    escalationLadder: { level: number; contacts: unknown[] }[];
  }[];
  expect(mode!.system.slug).toBe("invoice-pipeline");
  expect(mode!.url).toMatch(/^https?:\/\/[^/]+\/failure-modes\/c[a-z0-9]+$/);
  expect(mode!.immediateActions.length).toBeGreaterThan(0);
  expect(mode!.system.owner?.name).toBeTruthy();
  expect(mode!.procedures.flatMap((procedure) => procedure.steps).some((step) => step.command !== "")).toBe(true);
  expect(mode!.escalationLadder.map((level) => level.level)).toEqual([...mode!.escalationLadder.map((level) => level.level)].sort((a, b) => a - b));
  expect(mode!.escalationLadder.length).toBeGreaterThanOrEqual(2);
  expect(mode!.escalationLadder.some((level) => level.contacts.length > 0)).toBe(true);
  expect((await editor().get("/api/v1/alerts/NoSuchAlertAnywhere")).status).toBe(404);
});

test("GET /api/v1/alerts/<name> as Markdown: Accept: text/markdown or ?format=md, commands as stored", async () => {
  const mode = await db.failureMode.findFirstOrThrow({ where: { alertNames: { has: "InvoiceParserTimeout" } }, select: { procedures: { where: { deletedAt: null }, select: { steps: true } } } });
  const commands = mode.procedures.flatMap((procedure) => (procedure.steps as { command: string }[]).map((step) => step.command)).filter(Boolean);
  expect(commands.length).toBeGreaterThan(0);
  for (const options of [{ headers: { accept: "text/markdown" } }, {}]) {
    const path = "accept" in (options.headers ?? {}) ? "/api/v1/alerts/InvoiceParserTimeout" : "/api/v1/alerts/InvoiceParserTimeout?format=md";
    const answer = await as(tokens.editorRead).get(path, options);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(answer.text.startsWith("# Lambda timeout\n")).toBe(true);
    for (const command of commands) expect(answer.text).toContain(`\n\`\`\`\n${command}\n\`\`\`\n`);
    expect(answer.text.indexOf("## Immediate actions")).toBeLessThan(answer.text.indexOf("## Who to call"));
  }
  expect((await as(null).get("/api/v1/alerts/InvoiceParserTimeout", { headers: { accept: "text/markdown" } })).status).toBe(401);
  const missing = await editor().get("/api/v1/alerts/NoSuchAlertAnywhere", { headers: { accept: "text/markdown" } });
  expect(missing.status).toBe(404);
  expect(missing.text).toContain("No failure mode lists the alert `NoSuchAlertAnywhere`");
});

test("GET /api/v1/search ranks as /search does", async () => {
  const answer = await editor().get("/api/v1/search?q=invoice%20timeout");
  const hits = (answer.body as { hits: { id: string }[] }).hits;
  expect(hits.length).toBeGreaterThan(0);
  expect(hits.map((hit) => hit.id)).toEqual((await search({ q: "invoice timeout", limit: 20 })).hits.map((hit) => hit.id));
  const procedures = (await editor().get("/api/v1/search?q=invoice&type=procedures")).body as { hits: { type: string }[] };
  expect(procedures.hits.every((hit) => hit.type === "procedures")).toBe(true);
  expect((await editor().get("/api/v1/search")).status).toBe(400);
});

test("POST /api/v1/systems/<slug>/review marks the runbook reviewed, in its history", async () => {
  const system = (await editor().get("/api/v1/systems/ad-performance-pull")).body as { version: number };
  const reviewed = await editor().post("/api/v1/systems/ad-performance-pull/review", { note: "Checked after the release" }, ifMatch(system.version));
  expect(reviewed.status).toBe(200);
  expect(reviewed.body).toMatchObject({ version: system.version + 1, lastReviewedById: people.editor.id, lastReviewedAt: expect.any(String) });
  const history = (await editor().get("/api/v1/systems/ad-performance-pull/history")).body as { items: Json[] };
  expect(history.items[0]).toMatchObject({ changeNote: "Checked after the release", author: "editor person" });
  // Without a body: the default note.
  const again = await call("POST", "/api/v1/systems/ad-performance-pull/review", { token: people.editor.token, headers: ifMatch(system.version + 1) });
  expect(again.status).toBe(200);
});

test("export and import of runbook-portal/v1 files: a dry run changes nothing, apply changes exactly that", async () => {
  const zip = await call("GET", "/api/v1/export", { token: tokens.editorRead });
  expect(zip.status).toBe(200);
  expect(zip.headers.get("content-type")).toBe("application/zip");
  const yaml = await as(tokens.editorRead).get("/api/v1/systems/invoice-pipeline/export");
  expect(yaml.status).toBe(200);
  expect(yaml.text).toContain("format: runbook-portal/v1");

  const changed = yaml.text.replace(/^name: .*$/m, "name: Invoice pipeline (from the API)");
  expect(changed).not.toBe(yaml.text);
  const files = [{ name: "invoice-pipeline.yaml", content: changed }];
  const before = await revisionCount();
  const dry = await editor().post("/api/v1/import", { files });
  expect(dry.status).toBe(200);
  expect(dry.body).toMatchObject({ applied: false, counts: { update: 1, create: 0 }, entries: [{ status: "update", type: "systems", name: "invoice-pipeline", changed: ["name"] }] });
  expect(await revisionCount()).toBe(before);

  const applied = await editor().post("/api/v1/import", { files, apply: true, incidentRef: "INC-9" });
  expect(applied.body).toMatchObject({ applied: true, result: { updated: 1, created: 0 } });
  expect(await revisionCount()).toBe(before + 1);
  expect((await editor().get("/api/v1/systems/invoice-pipeline")).body).toMatchObject({ name: "Invoice pipeline (from the API)" });

  const broken = await editor().post("/api/v1/import", { files: [{ name: "broken.yaml", content: "format: runbook-portal/v1\nkind: system\nslug: Not A Slug\n" }], apply: true });
  expect(broken.status).toBe(422);
  expect(Object.keys((broken.body as { errors: Json }).errors)).toEqual(["$.files[0]"]);
  expect(await revisionCount()).toBe(before + 1);
});

test("rate limits: per token and per client address, 429 with Retry-After", async () => {
  process.env.RUNBOOK_API_RATE_PER_TOKEN = "3";
  process.env.RUNBOOK_API_RATE_PER_ADDRESS = "5";
  resetApiRateLimits();
  try {
    const statuses: number[] = [];
    for (let index = 0; index < 4; index++) statuses.push((await call("GET", "/api/v1/me", { token: people.viewer.token, headers: { "x-forwarded-for": "10.0.0.1" } })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    // Another token from the same address still gets through, until the address's own limit.
    const other = await call("GET", "/api/v1/me", { token: people.admin.token, headers: { "x-forwarded-for": "10.0.0.1" } });
    expect(other.status).toBe(200);
    const flooded = await call("GET", "/api/v1/me", { token: people.admin.token, headers: { "x-forwarded-for": "10.0.0.1" } });
    expect(flooded.status).toBe(429);
    expect(Number(flooded.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await call("GET", "/api/v1/me", { token: people.admin.token, headers: { "x-forwarded-for": "10.0.0.2" } })).status).toBe(200);
  } finally {
    process.env.RUNBOOK_API_RATE_PER_TOKEN = process.env.RUNBOOK_API_RATE_PER_ADDRESS = "100000";
    resetApiRateLimits();
  }
});

test("every operation in the document answered with success in these tests", () => {
  expect(operations().filter((operation) => !succeeded.has(operation))).toEqual([]);
});

test("the OpenAPI document is built once: each answer only names its own server, so no address grows the server's memory", async () => {
  const { openApiDocument } = await import("./openapi");
  const a = openApiDocument("https://a.example");
  const b = openApiDocument("https://b.example");
  expect(a.servers).toEqual([{ url: "https://a.example" }]);
  expect(b.servers).toEqual([{ url: "https://b.example" }]);
  expect(a.paths).toBe(b.paths);
  expect(openApiDocument()).not.toHaveProperty("servers");
});
