import "server-only";
import bcrypt from "bcryptjs";
import { db } from "@/lib/db";
import { assertRole, type Actor } from "@/lib/auth/roles";
import { createEntity, updateEntity, WriteRejectedError } from "@/lib/history/entities";
import type { Role } from "@/lib/generated/prisma/enums";
import type { UserInput } from "@/lib/validation/user";

const BCRYPT_ROUNDS = 12;

// Spends the same time on an unknown email as on a wrong password.
const DUMMY_HASH = bcrypt.hashSync("not-a-real-password", BCRYPT_ROUNDS);

export async function hashPassword(password: string) {
  return bcrypt.hash(password, BCRYPT_ROUNDS);
}

export async function verifyCredentials(email: string, password: string) {
  const user = await db.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, name: true, email: true, role: true, passwordHash: true, disabled: true, deletedAt: true },
  });
  const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || user.disabled || user.deletedAt) return null;
  return { id: user.id, name: user.name, email: user.email, role: user.role };
}

export async function findActiveUser(id: string) {
  const user = await db.user.findFirst({
    where: { id, disabled: false, deletedAt: null },
    select: { id: true, name: true, email: true, role: true },
  });
  return user;
}

export async function getUserIdentity(actor: Actor, id: string) {
  assertRole(actor, "ADMIN");
  return db.user.findUnique({ where: { id }, select: { id: true, name: true, email: true } });
}

export async function countUsers() {
  return db.user.count();
}

export async function listUsers(actor: Actor) {
  assertRole(actor, "ADMIN");
  return db.user.findMany({
    orderBy: [{ disabled: "asc" }, { name: "asc" }],
    select: { id: true, name: true, email: true, role: true, disabled: true, version: true, createdAt: true },
  });
}

/**
 * Creates the first admin. Only works while there is no user at all; the check and
 * the insert share a transaction under a lock so two racing requests cannot both win.
 */
export async function createFirstAdmin(input: Omit<UserInput, "role">) {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(4242001)`;
    if ((await tx.user.count()) > 0) throw new WriteRejectedError("The portal is already set up: sign in instead");
    const self: Actor = { id: null, name: input.name, role: "ADMIN" };
    return createEntity(
      self,
      "USER",
      { email: input.email, name: input.name, role: "ADMIN", disabled: false },
      { changeNote: "First admin, created at setup" },
      { tx, columns: { passwordHash } },
    );
  });
}

export async function createUser(actor: Actor, input: UserInput) {
  assertRole(actor, "ADMIN");
  const passwordHash = await hashPassword(input.password);
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new WriteRejectedError("A user with this email already exists", "email");
  return createEntity(
    actor,
    "USER",
    { email: input.email, name: input.name, role: input.role, disabled: false },
    { changeNote: `Added as ${input.role.toLowerCase()}` },
    { columns: { passwordHash } },
  );
}

export async function updateUserAccess(
  actor: Actor,
  id: string,
  expectedVersion: number,
  change: { role?: Role; disabled?: boolean },
) {
  assertRole(actor, "ADMIN");
  if (id === actor.id && (change.disabled || (change.role && change.role !== "ADMIN"))) {
    throw new WriteRejectedError("You cannot demote or disable yourself; ask another admin");
  }
  const note = change.disabled !== undefined ? (change.disabled ? "Disabled" : "Enabled") : `Role set to ${change.role?.toLowerCase()}`;
  return updateEntity(actor, "USER", id, expectedVersion, change, { changeNote: note });
}
