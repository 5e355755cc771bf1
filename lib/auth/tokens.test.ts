import { afterAll, beforeAll, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/roles";
import type { Role } from "@/lib/generated/prisma/enums";
import { authenticateToken, createToken, hashToken, listTokens, revokeToken } from "./tokens";

// Personal access tokens: stored only as a hash, acting as their user with the user's
// role as it is now (a read token never more than a viewer), stopped at once by revoking
// the token or disabling the user, and expired when their time is up.

const database = await ownDatabase("tokens");
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const people: Record<Role, Actor & { id: string }> = {} as never;
beforeAll(async () => {
  for (const role of ["VIEWER", "EDITOR", "ADMIN"] as Role[]) {
    const user = await db.user.create({ data: { email: `${role.toLowerCase()}@example.com`, name: `${role} person`, passwordHash: "x", role } });
    people[role] = { id: user.id, name: user.name, role };
  }
});

test("the secret is shown once and stored only as its hash; the token acts as its user", async () => {
  const { secret, token } = await createToken(people.EDITOR, { name: "incident bot", scope: "WRITE", expiresIn: "90" });
  expect(secret).toMatch(/^rbp_[A-Za-z0-9_-]{43}$/);
  const row = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
  expect(row.hash).toBe(hashToken(secret));
  expect(JSON.stringify(row)).not.toContain(secret.slice(4));
  expect(row.prefix).toBe(secret.slice(0, 10));
  expect(Math.round((row.expiresAt!.getTime() - row.createdAt.getTime()) / 86_400_000)).toBe(90);

  const user = await authenticateToken(secret);
  expect(user).toMatchObject({ id: people.EDITOR.id, role: "EDITOR", scope: "WRITE", tokenId: token.id });
  expect((await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt).not.toBeNull();
  expect(await authenticateToken(`${secret}x`)).toBeNull();
  expect(await authenticateToken("not-a-token")).toBeNull();
});

test("the role matrix: a token is never more than its user, and a read token never more than a viewer", async () => {
  const matrix: [Role, "READ" | "WRITE", Role][] = [
    ["VIEWER", "READ", "VIEWER"],
    ["VIEWER", "WRITE", "VIEWER"],
    ["EDITOR", "READ", "VIEWER"],
    ["EDITOR", "WRITE", "EDITOR"],
    ["ADMIN", "READ", "VIEWER"],
    ["ADMIN", "WRITE", "ADMIN"],
  ];
  for (const [role, scope, acts] of matrix) {
    const { secret } = await createToken(people[role], { name: `${role} ${scope}`, scope, expiresIn: "30" });
    expect([role, scope, (await authenticateToken(secret))?.role]).toEqual([role, scope, acts]);
  }
  // A role taken away applies to the token on its next use.
  const { secret } = await createToken(people.EDITOR, { name: "demoted", scope: "WRITE", expiresIn: "30" });
  await db.user.update({ where: { id: people.EDITOR.id }, data: { role: "VIEWER" } });
  expect((await authenticateToken(secret))?.role).toBe("VIEWER");
  await db.user.update({ where: { id: people.EDITOR.id }, data: { role: "EDITOR" } });
});

test("revoking, disabling the user and expiry stop a token at once", async () => {
  const revoked = await createToken(people.VIEWER, { name: "to revoke", scope: "READ", expiresIn: "never" });
  expect(revoked.token.expiresAt).toBeNull();
  expect(await authenticateToken(revoked.secret)).not.toBeNull();
  expect(await revokeToken(people.VIEWER, revoked.token.id)).toBe(true);
  expect(await authenticateToken(revoked.secret)).toBeNull();
  expect(await revokeToken(people.VIEWER, revoked.token.id)).toBe(false);

  const disabled = await createToken(people.VIEWER, { name: "owner disabled", scope: "READ", expiresIn: "30" });
  await db.user.update({ where: { id: people.VIEWER.id }, data: { disabled: true } });
  expect(await authenticateToken(disabled.secret)).toBeNull();
  await db.user.update({ where: { id: people.VIEWER.id }, data: { disabled: false } });
  expect(await authenticateToken(disabled.secret)).not.toBeNull();

  const expiring = await createToken(people.VIEWER, { name: "expiring", scope: "READ", expiresIn: "30" });
  expect(await authenticateToken(expiring.secret, new Date(Date.now() + 29 * 86_400_000))).not.toBeNull();
  expect(await authenticateToken(expiring.secret, new Date(Date.now() + 31 * 86_400_000))).toBeNull();
});

test("people see and revoke their own tokens; only admins see and revoke everyone's", async () => {
  const editors = await createToken(people.EDITOR, { name: "editor's", scope: "READ", expiresIn: "30" });
  expect((await listTokens(people.VIEWER)).every((t) => t.user.id === people.VIEWER.id)).toBe(true);
  await expect(listTokens(people.EDITOR, { everyone: true })).rejects.toThrow(/admin/);
  await expect(revokeToken(people.VIEWER, editors.token.id)).rejects.toThrow(/admin/);
  expect(await authenticateToken(editors.secret)).not.toBeNull();
  const all = await listTokens(people.ADMIN, { everyone: true });
  expect(new Set(all.map((t) => t.user.id))).toEqual(new Set([people.VIEWER.id, people.EDITOR.id, people.ADMIN.id]));
  expect(await revokeToken(people.ADMIN, editors.token.id)).toBe(true);
  expect(await authenticateToken(editors.secret)).toBeNull();
});
