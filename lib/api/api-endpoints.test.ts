import { describe, expect, test } from "vitest";
import { Validator } from "@seriousme/openapi-schema-validator";
import { call, document, operations, succeeded } from "@/test/api-contract";
import { createToken, revokeToken } from "@/lib/auth/tokens";
import { search } from "@/lib/search";
import { db } from "@/lib/db";
import { runTask } from "@/lib/tasks/long-tasks";
import { COLLECTIONS } from "./collections";
import type { Role } from "@/lib/generated/prisma/enums";
import { as, editor, ifMatch, nameField, newEntry, people, revisionCount, setUpApiDatabase, tokens, withoutSystem, type Json } from "./api-test-setup";

// The API's contract, against a real database through the real route handlers: every
// endpoint and method, every answer checked against the OpenAPI document. The last tests
// check that every operation of the document answered with success in this file, so the
// tests that give each operation its success stay here; who may call is api-access, lists
// and paging api-reads, refused and conflicting writes api-writes.

await setUpApiDatabase("api_endpoints");

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

test("revoking a token or disabling its user stops it on the very next request", async () => {
  const editorActor = { id: people.editor.id, name: people.editor.name, role: "EDITOR" as Role };
  const { secret, token } = await createToken(editorActor, { name: "short-lived", scope: "WRITE", expiresIn: "30" });
  expect((await as(secret).get("/api/v1/me")).body).toMatchObject({ id: people.editor.id, role: "EDITOR", scope: "WRITE" });
  expect((await as(tokens.editorRead).get("/api/v1/me")).body).toMatchObject({ role: "VIEWER", scope: "READ" });
  await revokeToken(editorActor, token.id);
  expect((await as(secret).get("/api/v1/me")).status).toBe(401);
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

test("POST /api/v1/import of more entries than RUNBOOK_IMPORT_JOB_ENTRIES: answered 202 with its task, run by a job, its progress and result at GET /api/v1/tasks/<id>", async () => {
  const files = [{ name: "contacts.yaml", content: `format: runbook-portal/v1\nkind: contacts\ncontacts:\n${["ann", "bob", "cy"].map((key) => `  - key: queued-${key}\n    name: Queued ${key}\n    kind: PERSON\n`).join("")}` }];
  process.env.RUNBOOK_IMPORT_JOB_ENTRIES = "2";
  try {
    const queued = await editor().post("/api/v1/import", { files, apply: true });
    expect(queued.status).toBe(202);
    const task = (queued.body as { task: { id: string; url: string; page: string } }).task;
    expect(queued.body).toMatchObject({ applied: false, counts: { create: 3 }, task: { state: "QUEUED", url: `/api/v1/tasks/${task.id}`, page: `/tasks/${task.id}` } });
    expect((await editor().get(task.url)).body).toMatchObject({ id: task.id, kind: "IMPORT", state: "QUEUED", result: null, error: null });
    expect(await db.contact.count({ where: { key: { startsWith: "queued-" } } })).toBe(0);

    await runTask(task.id); // what the job runner does
    const done = await editor().get(task.url);
    expect(done.body).toMatchObject({ state: "DONE", progress: { step: "done", written: 3, total: 3 }, result: { created: 3, updated: 0, deleted: 0 }, error: null });
    expect(await db.contact.count({ where: { key: { startsWith: "queued-" } } })).toBe(3);
    expect((await search({ q: "queued-ann" })).hits.map((hit) => hit.title)[0]).toBe("Queued ann");
    // Someone else's task is not there for them.
    expect((await as(people.viewer.token).get(task.url)).status).toBe(404);
  } finally {
    delete process.env.RUNBOOK_IMPORT_JOB_ENTRIES;
  }
});

test("monitoring posts what fires with an ingest token (lib/alerts/receive.test.ts has the rest)", async () => {
  const editorActor = { id: people.editor.id, name: people.editor.name, role: "EDITOR" as Role };
  const { secret } = await createToken(editorActor, { name: "monitoring", scope: "INGEST", expiresIn: "30" });
  const answer = await as(secret).post("/api/v1/alerts/webhook", { alerts: [{ name: "InvoiceParserTimeout", status: "firing" }] });
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ received: 1, firing: 1, matched: 1 });
});

test("coverage through the API counts alert names, each with its rules, as /coverage does", async () => {
  const rules = [
    "groups:",
    "  - name: invoices",
    "    rules:",
    "      - alert: InvoiceParserTimeout",
    "        expr: up == 0",
    "        for: 5m",
    "        labels: { severity: warning }",
    "      - alert: InvoiceParserTimeout",
    "        expr: up == 0",
    "        for: 15m",
    "        labels: { severity: critical }",
    "      - alert: NoRunbookHere",
    "        expr: up == 0",
    "",
  ].join("\n");
  const answer = await editor().post("/api/v1/coverage", { files: [{ name: "invoices.rules.yml", content: rules }] });
  expect(answer.status).toBe(200);
  const body = answer.body as { counts: Record<string, number>; alerts: { name: string; status: string; rules: { severity: string | null; for: string | null }[] }[] };
  expect(body.counts).toMatchObject({ alerts: 2, rules: 3, covered: 1, uncovered: 1 });
  expect(body.alerts.map((alert) => [alert.name, alert.status, alert.rules.map((rule) => `${rule.severity} ${rule.for}`)])).toEqual([
    ["InvoiceParserTimeout", "covered", ["warning 5m", "critical 15m"]],
    ["NoRunbookHere", "uncovered", ["null null"]],
  ]);
  expect((await editor().post("/api/v1/coverage", { files: [] })).status).toBe(422);
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
