import { expect, test } from "vitest";
import { call, type CallOptions } from "@/test/api-contract";
import { db } from "@/lib/db";
import { COLLECTIONS } from "./collections";
import { UNSTORABLE_TEXT } from "@/lib/validation/common";
import { editor, ifMatch, newEntry, people, revisionCount, setUpApiDatabase, withoutSystem, type Json } from "./api-test-setup";

// Writes through the API under the pages' rules: conflicts as HTTP does them, changes that
// wait for approval (202), and everything malformed refused with field errors while
// nothing is stored.

await setUpApiDatabase("api_writes");

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
