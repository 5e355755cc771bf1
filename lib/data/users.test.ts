import { afterAll, expect, test } from "vitest";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/roles";
import { hashPassword } from "@/lib/auth/password";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { findSessionUser } from "@/lib/auth/sessions";
import { createUser, restoreUserVersion, updateUserAccess } from "./users";

const uid = () => Math.random().toString(36).slice(2, 10);

afterAll(() => db.$disconnect());

async function admin(): Promise<Actor> {
  const row = await db.user.create({ data: { email: `admin-${uid()}@example.com`, name: "Ann Admin", role: "ADMIN", passwordHash: await hashPassword("x".repeat(12)) } });
  await db.revision.create({ data: { entityType: "USER", entityId: row.id, version: 1, action: "CREATE", snapshot: { email: row.email, name: row.name, role: "ADMIN", disabled: false, deletedAt: null }, changeNote: "test", authorName: "test" } });
  return { id: row.id, name: row.name, role: "ADMIN" };
}

test("an admin cannot demote or disable themselves by restoring an old version of their account", async () => {
  const actor = await admin();
  const other = await admin();
  // A version of the actor's account that was a viewer and disabled, written by another admin in the past.
  await updateUserAccess(other, actor.id!, 1, { role: "VIEWER" });
  await updateUserAccess(other, actor.id!, 2, { role: "ADMIN" });
  await expect(restoreUserVersion(actor, actor.id!, 2, 3, { changeNote: "oops" })).rejects.toThrow(/cannot demote or disable yourself/);
  expect(await db.user.findUniqueOrThrow({ where: { id: actor.id! }, select: { role: true, version: true } })).toEqual({ role: "ADMIN", version: 3 });
  // Another admin may.
  expect(await restoreUserVersion(other, actor.id!, 2, 3, { changeNote: "demote again" })).toMatchObject({ role: "VIEWER", version: 4 });
});

test("restoring a disabled version of an account ends its sessions", async () => {
  const actor = await admin();
  const email = `user-${uid()}@example.com`;
  const user = await createUser(actor, { email, name: "Sid Session", role: "EDITOR", password: "a long enough password" });
  await updateUserAccess(actor, user.id, 1, { disabled: true });
  await updateUserAccess(actor, user.id, 2, { disabled: false });
  const signedIn = (await signInWithPassword({ email, password: "a long enough password", address: "192.0.2.9", userAgent: "vitest" })) as { sessionId: string };
  expect(await findSessionUser(signedIn.sessionId)).toMatchObject({ email });
  await restoreUserVersion(actor, user.id, 2, 3, { changeNote: "disable again" });
  expect(await db.session.findUniqueOrThrow({ where: { id: signedIn.sessionId } })).toMatchObject({ endedAt: expect.any(Date) });
  expect(await findSessionUser(signedIn.sessionId)).toBeNull();
});
