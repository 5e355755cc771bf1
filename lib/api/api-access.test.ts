import { expect, test } from "vitest";
import { call } from "@/test/api-contract";
import { db } from "@/lib/db";
import { COLLECTIONS } from "./collections";
import { resetApiRateLimits } from "./rate-limit";
import { sameOrigin } from "./auth";
import { as, editor, ifMatch, nameField, newEntry, people, revisionCount, setUpApiDatabase, tokens, withoutSystem, type Json } from "./api-test-setup";

// Who may call the API: the same roles as the pages, for every write and every kind of
// caller (anonymous, viewer, read-scope, revoked, expired, disabled); cookie writes only
// from the portal's own pages; rate limits per token and per address.

await setUpApiDatabase("api_access");

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
