import { afterAll, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";

// Each audited action outside the entries writes exactly one event, with its actor, detail
// and client address, in the action's transaction; a refused or failed action writes none;
// no event ever holds a password. (Entry writes and runs: audit.test.ts.)

const database = await ownDatabase("runbook_audit_actions");
const { db } = await import("@/lib/db");
const { runWithRequestContext } = await import("@/lib/http/request-context");
const { hashPassword } = await import("@/lib/auth/password");
const { signInWithPassword } = await import("@/lib/auth/sign-in");
const { endSession } = await import("@/lib/auth/sessions");
const { createFirstAdmin, createUser, updateUserAccess } = await import("@/lib/data/users");
const { authenticateToken, createToken, revokeToken } = await import("@/lib/auth/tokens");
const { ConflictError, WriteRejectedError } = await import("@/lib/entries/errors");
const { saveEntry } = await import("@/lib/entries/save");
const { ENTITIES } = await import("@/lib/entries");
const exportRoute = await import("@/app/api/v1/export/route");
const exportOneRoute = await import("@/app/api/v1/[collection]/[ref]/export/route");
const { verifyAuditChain } = await import("./verify");

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const PASSWORD = "correct horse battery staple";
const WRONG = "tr0ub4dor&3 wrong";
const client = { ip: "198.51.100.7", userAgent: "audit-test/1.0" };

/** The events written since `seq` (exclusive), oldest first. */
async function eventsSince(seq: bigint) {
  return db.auditEvent.findMany({ where: { seq: { gt: seq } }, orderBy: { seq: "asc" } });
}

async function lastSeq(): Promise<bigint> {
  return (await db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }))?.seq ?? 0n;
}

/** Runs `work` as a request from `client` would, and gives the events it wrote. */
async function written(work: () => Promise<unknown>) {
  const since = await lastSeq();
  await runWithRequestContext({ actionStarted: false, client }, work);
  return eventsSince(since);
}

/** Everything an event holds, as text (its number as digits). */
const asText = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? String(v) : v));

async function newUser(email: string, role: "VIEWER" | "EDITOR" | "ADMIN" = "EDITOR") {
  const user = await db.user.create({ data: { email, name: `Person ${email.split("@")[0]}`, role, passwordHash: await hashPassword(PASSWORD) } });
  return { id: user.id, name: user.name, role: user.role, email };
}

test("the first admin, set up once: one user.created; the refused second set-up writes none", async () => {
  const [event, ...rest] = await written(() => createFirstAdmin({ email: "first@example.com", name: "First Admin", password: PASSWORD }));
  expect(rest).toEqual([]);
  const admin = await db.user.findUniqueOrThrow({ where: { email: "first@example.com" } });
  expect(event).toMatchObject({ action: "user.created", entityType: "USER", entityId: admin.id, actorName: "First Admin", ip: client.ip, detail: expect.objectContaining({ email: "first@example.com", role: "ADMIN" }) });
  expect(await written(() => expect(createFirstAdmin({ email: "second@example.com", name: "Second", password: PASSWORD })).rejects.toBeInstanceOf(WriteRejectedError))).toEqual([]);
});

test("users: created, role changed, disabled, enabled, one event each; a duplicate or a stale change writes none", async () => {
  const admin = await newUser("admin@example.com", "ADMIN");
  const created = await written(() => createUser(admin, { email: "new@example.com", name: "New Person", role: "VIEWER", password: PASSWORD }));
  const user = await db.user.findUniqueOrThrow({ where: { email: "new@example.com" } });
  expect(created).toMatchObject([{ action: "user.created", actorId: admin.id, entityId: user.id, revisionId: expect.any(String), ip: client.ip, userAgent: client.userAgent, detail: expect.objectContaining({ email: "new@example.com", role: "VIEWER" }) }]);
  expect(await written(() => expect(createUser(admin, { email: "new@example.com", name: "Again", role: "VIEWER", password: PASSWORD })).rejects.toBeInstanceOf(WriteRejectedError))).toEqual([]);

  expect(await written(() => updateUserAccess(admin, user.id, 1, { role: "EDITOR" }))).toMatchObject([{ action: "user.role_changed", actorId: admin.id, entityId: user.id, detail: expect.objectContaining({ role: "EDITOR", version: 2 }) }]);
  expect(await written(() => updateUserAccess(admin, user.id, 2, { disabled: true }))).toMatchObject([{ action: "user.disabled", entityId: user.id }]);
  expect(await written(() => updateUserAccess(admin, user.id, 3, { disabled: false }))).toMatchObject([{ action: "user.enabled", entityId: user.id }]);
  expect(await written(() => expect(updateUserAccess(admin, user.id, 3, { role: "ADMIN" })).rejects.toBeInstanceOf(ConflictError))).toEqual([]);
});

test("sign-in: success and failure from the request's own address; the failure as the email typed; never a password", async () => {
  const user = await newUser("sam@example.com");
  // The request context says another address: sign-in names the one its request came from.
  const request = { address: "203.0.113.5", userAgent: "Browser/2" };

  const wrong = await written(() => signInWithPassword({ email: " Sam@Example.com ", password: WRONG, ...request }));
  expect(wrong).toMatchObject([{ action: "signin.failed", actorId: user.id, actorName: "sam@example.com", entityId: user.id, ip: "203.0.113.5", userAgent: "Browser/2", detail: { email: "sam@example.com", reason: "wrong" } }]);

  const unknown = await written(() => signInWithPassword({ email: "nobody@example.com", password: WRONG, ...request }));
  expect(unknown).toMatchObject([{ action: "signin.failed", actorId: null, actorName: "nobody@example.com", entityId: null, detail: { email: "nobody@example.com", reason: "wrong" } }]);

  const long = `${"x".repeat(400)}@example.com`;
  const [tooLong] = await written(() => signInWithPassword({ email: long, password: WRONG, ...request }));
  expect(tooLong!.actorName).toBe(long.slice(0, 320));

  const ok = await written(() => signInWithPassword({ email: "sam@example.com", password: PASSWORD, ...request }));
  const session = await db.session.findFirstOrThrow({ where: { userId: user.id } });
  expect(ok).toMatchObject([{ action: "signin.succeeded", actorId: user.id, actorName: user.name, entityId: user.id, ip: "203.0.113.5", userAgent: "Browser/2", detail: { email: "sam@example.com" } }]);
  expect(session.ip).toBe("203.0.113.5");

  const everything = asText(await db.auditEvent.findMany());
  expect(everything).not.toContain(PASSWORD);
  expect(everything).not.toContain(WRONG);
});

test("sign-in: a throttled attempt is a failure too, with its reason", async () => {
  const user = await newUser("guessed@example.com");
  const request = { address: "203.0.113.77", userAgent: "Guesser" };
  // Five free failures for an account (SIGN_IN_LIMITS), then it is blocked.
  for (let i = 0; i < 5; i++) await signInWithPassword({ email: user.email, password: WRONG, ...request });
  const blocked = await written(() => signInWithPassword({ email: user.email, password: PASSWORD, ...request }));
  expect(blocked).toMatchObject([{ action: "signin.failed", actorId: user.id, detail: { email: user.email, reason: "throttled" } }]);
});

test("sign-out: one event for a session that ended, as its user from the request's address; none for one already ended", async () => {
  const user = await newUser("leaving@example.com");
  const outcome = await signInWithPassword({ email: user.email, password: PASSWORD, address: "192.0.2.1", userAgent: "x" });
  if (outcome.kind !== "ok") throw new Error(outcome.kind);
  expect(await written(() => endSession(outcome.sessionId))).toMatchObject([{ action: "signout", actorId: user.id, actorName: user.name, entityId: user.id, ip: client.ip }]);
  expect(await written(() => endSession(outcome.sessionId))).toEqual([]);
  expect(await written(() => endSession("no-such-session"))).toEqual([]);
});

test("tokens: created and revoked once each; used once per UTC day however often, by its user", async () => {
  const owner = await newUser("bot-owner@example.com", "ADMIN");
  const [made, ...more] = await written(() => createToken(owner, { name: "incident bot", scope: "WRITE", expiresIn: "never" }));
  expect(more).toEqual([]);
  const token = await db.apiToken.findFirstOrThrow({ where: { userId: owner.id } });
  expect(made).toMatchObject({ action: "token.created", actorId: owner.id, entityType: "TOKEN", entityId: token.id, ip: client.ip, detail: { name: "incident bot", scope: "WRITE", prefix: token.prefix, expiresAt: null } });
  expect(asText(made)).not.toContain(token.hash);

  const { secret } = await createToken(owner, { name: "daily", scope: "READ", expiresIn: "never" });
  const daily = await db.apiToken.findFirstOrThrow({ where: { name: "daily" } });
  const usedOn = async (...times: string[]) =>
    (await written(async () => {
      for (const time of times) expect(await authenticateToken(secret, new Date(time))).not.toBeNull();
    })).map((event) => event.action);
  expect(await usedOn("2030-01-01T00:00:05Z", "2030-01-01T00:00:30Z", "2030-01-01T10:00:00Z", "2030-01-01T23:59:59Z")).toEqual(["token.used"]);
  expect(await usedOn("2030-01-02T00:00:01Z", "2030-01-02T08:00:00Z")).toEqual(["token.used"]);
  // Requests racing in on a new day: one of them writes the event.
  expect(await written(() => Promise.all(Array.from({ length: 5 }, () => authenticateToken(secret, new Date("2030-01-03T09:00:00Z")))))).toHaveLength(1);
  const used = await db.auditEvent.findMany({ where: { action: "token.used" }, orderBy: { seq: "asc" } });
  expect(used).toHaveLength(3);
  expect(used[0]).toMatchObject({ actorId: owner.id, actorName: owner.name, entityType: "TOKEN", entityId: daily.id, detail: { name: "daily", scope: "READ" } });

  expect(await written(() => revokeToken(owner, daily.id))).toMatchObject([{ action: "token.revoked", actorId: owner.id, entityId: daily.id, detail: { name: "daily", owner: owner.email } }]);
  expect(await written(() => expect(revokeToken(owner, daily.id)).resolves.toBe(false))).toEqual([]);
  // A revoked token is refused, and not "used".
  expect(await written(() => expect(authenticateToken(secret, new Date("2030-01-04T09:00:00Z"))).resolves.toBeNull())).toEqual([]);
});

test("exports through the API: one export.downloaded with its counts, as the token's user; a missing system writes none", async () => {
  const viewer = await newUser("reader@example.com", "VIEWER");
  const { secret } = await createToken(viewer, { name: "exporter", scope: "READ", expiresIn: "30" });
  const editor = { id: null, name: "Seeder", role: "EDITOR" as const };
  const meta = { changeNote: "test", incidentRef: null };
  for (const slug of ["alpha", "beta"]) await saveEntry(editor, "SYSTEM", {}, ENTITIES.SYSTEM.schema.parse({ slug, name: slug, tier: "TIER_3" }), meta);
  const get = (path: string, handler: (request: Request, context: { params: Promise<never> }) => Promise<Response>, params: object = {}) =>
    handler(new Request(`http://portal.test${path}`, { headers: { authorization: `Bearer ${secret}` } }), { params: Promise.resolve(params as never) });

  const events = await written(async () => expect((await get("/api/v1/export", exportRoute.GET)).status).toBe(200));
  expect(events.map((e) => e.action)).toEqual(["token.used", "export.downloaded"]);
  expect(events[1]).toMatchObject({ actorId: viewer.id, actorName: viewer.name, ip: client.ip, detail: { format: "runbooks.zip", via: "api", systems: 2, files: 3, includeDeleted: false } });

  const one = await written(async () => expect((await get("/api/v1/systems/alpha/export", exportOneRoute.GET, { collection: "systems", ref: "alpha" })).status).toBe(200));
  const alpha = await db.system.findUniqueOrThrow({ where: { slug: "alpha" } });
  expect(one).toMatchObject([{ action: "export.downloaded", systemId: alpha.id, detail: { format: "system.yaml", slug: "alpha", systems: 1 } }]);
  expect(await written(async () => expect((await get("/api/v1/systems/gamma/export", exportOneRoute.GET, { collection: "systems", ref: "gamma" })).status).toBe(404))).toEqual([]);
  // Events written on their own (a failed sign-in, an export) chain like any other.
  expect((await verifyAuditChain(database.url)).breaks).toEqual([]);
});
