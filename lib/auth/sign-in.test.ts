import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hash as bcryptHash } from "@node-rs/bcrypt";
import { db } from "@/lib/db";
import { signInWithPassword } from "./sign-in";
import { backoffSeconds, SIGN_IN_LIMITS } from "./throttle";
import { HashingBusyError, hashPassword, MAX_WAITING, verifyPassword } from "./password";
import { endAllSessions, endSession, findSessionUser, signOutEverywhere } from "./sessions";

const uid = () => Math.random().toString(36).slice(2, 10);
const PASSWORD = "correct horse battery staple";

async function newUser(options: { passwordHash?: string; disabled?: boolean } = {}) {
  const email = `user-${uid()}@example.com`;
  const user = await db.user.create({
    data: { email, name: "Sam Signin", role: "EDITOR", passwordHash: options.passwordHash ?? (await hashPassword(PASSWORD)), disabled: options.disabled ?? false },
  });
  return { ...user, email };
}

/** As if the current block had run out: the back-off is over, the failure count stays. */
async function letBlocksExpire() {
  await db.signInLimit.updateMany({ where: { key: { startsWith: "block:" } }, data: { expire: new Date(Date.now() - 1_000) } });
}

const attempt = (email: string, password: string, address: string) => signInWithPassword({ email, password, address, userAgent: "vitest" });

afterAll(() => db.$disconnect());

test("the back-off is free, then 1 s, doubling, capped at 15 minutes", () => {
  expect([1, 4, 5, 6, 7, 8].map((n) => backoffSeconds(n, 5))).toEqual([0, 0, 1, 2, 4, 8]);
  expect(backoffSeconds(100, 5)).toBe(SIGN_IN_LIMITS.maxBlockSeconds);
});

describe("signing in", () => {
  let address: string;
  beforeAll(() => {
    address = `192.0.2.${Math.floor(Math.random() * 250)}`;
  });

  test("the right password signs in and opens a session; a wrong one does not", async () => {
    const user = await newUser();
    expect(await attempt(user.email, "not the password", address)).toEqual({ kind: "wrong" });
    const outcome = await attempt(` ${user.email.toUpperCase()} `, PASSWORD, address);
    expect(outcome).toMatchObject({ kind: "ok", user: { id: user.id, email: user.email, role: "EDITOR" } });
    const session = await db.session.findUniqueOrThrow({ where: { id: (outcome as { sessionId: string }).sessionId } });
    expect(session).toMatchObject({ userId: user.id, ip: address, userAgent: "vitest", endedAt: null });
  });

  test("after five wrong passwords the account is blocked, the right password included, until the back-off ends", async () => {
    const user = await newUser();
    const from = `198.51.100.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < SIGN_IN_LIMITS.account.free; i++) expect((await attempt(user.email, `wrong ${i}`, from)).kind).toBe("wrong");
    const blocked = await attempt(user.email, PASSWORD, from);
    expect(blocked).toMatchObject({ kind: "throttled" });
    expect((blocked as { retryAfter: number }).retryAfter).toBeGreaterThanOrEqual(1);
    // From anywhere: the count is the account's.
    expect((await attempt(user.email, PASSWORD, "203.0.113.77")).kind).toBe("throttled");
    const counter = await db.signInLimit.findUniqueOrThrow({ where: { key: `fail:account:account:${user.email}` } });
    expect(counter.points).toBe(SIGN_IN_LIMITS.account.free);

    await letBlocksExpire();
    expect((await attempt(user.email, "wrong again", from)).kind).toBe("wrong");
    expect((await attempt(user.email, PASSWORD, from)).kind).toBe("throttled");
    await letBlocksExpire();
    expect((await attempt(user.email, PASSWORD, from)).kind).toBe("ok");
    // A successful sign-in starts the account afresh.
    expect(await db.signInLimit.findUnique({ where: { key: `fail:account:account:${user.email}` } })).toBeNull();
  });

  test("a burst of simultaneous guesses cannot slip past the count: five are checked, the rest refused", async () => {
    const user = await newUser();
    const from = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const outcomes = await Promise.all(Array.from({ length: 18 }, (_, i) => attempt(user.email, `burst ${i}`, from)));
    expect(outcomes.filter((o) => o.kind === "wrong")).toHaveLength(SIGN_IN_LIMITS.account.free);
    expect(outcomes.filter((o) => o.kind === "throttled")).toHaveLength(18 - SIGN_IN_LIMITS.account.free);
    const over = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(`burst-${uid()}@example.com`, `x ${i}`, `${from}9`)));
    expect(over.some((o) => o.kind === "busy")).toBe(true);
  });

  test("an unknown account is answered and blocked exactly like a known one", async () => {
    const email = `nobody-${uid()}@example.com`;
    const from = `198.51.100.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < SIGN_IN_LIMITS.account.free; i++) expect(await attempt(email, PASSWORD, from)).toEqual({ kind: "wrong" });
    expect((await attempt(email, PASSWORD, from)).kind).toBe("throttled");
  });

  test("twenty failures from one address block it for every account; other addresses still sign in", async () => {
    const from = `203.0.113.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < SIGN_IN_LIMITS.address.free; i++) expect((await attempt(`spray-${uid()}@example.com`, PASSWORD, from)).kind).toBe("wrong");
    const user = await newUser();
    expect((await attempt(user.email, PASSWORD, from)).kind).toBe("throttled");
    expect((await attempt(user.email, PASSWORD, `${from}0`)).kind).toBe("ok");
  });

  test("disabled accounts and over-long passwords are wrong passwords", async () => {
    const disabled = await newUser({ disabled: true });
    expect(await attempt(disabled.email, PASSWORD, address)).toEqual({ kind: "wrong" });
    const user = await newUser();
    expect(await attempt(user.email, PASSWORD + "x".repeat(10_000), address)).toEqual({ kind: "wrong" });
  });

  test("a bcrypt hash from an earlier version still signs in, and is replaced by argon2id", async () => {
    const user = await newUser({ passwordHash: await bcryptHash(PASSWORD, { cost: 10 }) });
    expect((await attempt(user.email, PASSWORD, address)).kind).toBe("ok");
    const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(passwordHash).toMatch(/^\$argon2id\$/);
    expect((await attempt(user.email, PASSWORD, address)).kind).toBe("ok");
  });
});

test("password checks beyond the waiting room are turned away at once instead of piling up", async () => {
  const stored = await hashPassword(PASSWORD);
  const results = await Promise.allSettled(Array.from({ length: 60 }, () => verifyPassword(stored, "wrong")));
  const busy = results.filter((r) => r.status === "rejected" && r.reason instanceof HashingBusyError).length;
  expect(busy).toBeGreaterThan(0);
  expect(results.filter((r) => r.status === "fulfilled").length).toBeGreaterThanOrEqual(MAX_WAITING);
  expect(await verifyPassword(stored, PASSWORD)).toEqual({ ok: true, rehash: false });
});

test("a session ends on sign-out, with its account disabled, or when an admin signs the user out everywhere", async () => {
  const user = await newUser();
  const a = await attempt(user.email, PASSWORD, "192.0.2.1");
  const b = await attempt(user.email, PASSWORD, "192.0.2.2");
  const [first, second] = [a, b].map((o) => (o as { sessionId: string }).sessionId) as [string, string];
  expect(await findSessionUser(first)).toMatchObject({ id: user.id });
  await endSession(first);
  expect(await findSessionUser(first)).toBeNull();
  expect(await findSessionUser(second)).toMatchObject({ id: user.id });

  const signedOut = () => db.auditEvent.findMany({ where: { action: "user.signed_out_everywhere", entityId: user.id }, orderBy: { seq: "asc" } });
  const admin = { id: (await newUser()).id, name: "Ada Admin", role: "ADMIN" as const };
  await expect(signOutEverywhere({ id: null, name: "Editor", role: "EDITOR" }, user.id)).rejects.toThrow();
  expect(await signedOut()).toEqual([]);
  expect(await signOutEverywhere(admin, user.id)).toBe(1);
  expect(await findSessionUser(second)).toBeNull();
  // Audited in the same transaction: the admin as actor, the user as entity, how many sessions ended.
  expect(await signedOut()).toMatchObject([{ actorId: admin.id, actorName: "Ada Admin", entityType: "USER", entityId: user.id, detail: { sessions: 1 } }]);
  expect(await signOutEverywhere(admin, user.id)).toBe(0);
  expect((await signedOut()).map((event) => event.detail)).toEqual([{ sessions: 1 }, { sessions: 0 }]);
  expect(await signOutEverywhere(admin, "no-such-user")).toBe(0);
  // Disabling an account ends its sessions too; the change's own event (user.disabled) says so.
  const d = (await attempt(user.email, PASSWORD, "192.0.2.4")) as { sessionId: string };
  expect(await endAllSessions(admin, user.id)).toBe(1);
  expect(await findSessionUser(d.sessionId)).toBeNull();
  expect(await signedOut()).toHaveLength(2);

  const c = (await attempt(user.email, PASSWORD, "192.0.2.3")) as { sessionId: string };
  await db.user.update({ where: { id: user.id }, data: { disabled: true } });
  expect(await findSessionUser(c.sessionId)).toBeNull();
});
