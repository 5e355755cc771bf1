import "server-only";
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { endAllSessions } from "@/lib/auth/sessions";
import { assertRole, type Actor } from "@/lib/auth/roles";
import { createEntity, restoreRevision, updateEntity } from "@/lib/entries/write";
import { type WriteMeta } from "@/lib/entries/revision";
import { getRevisionSnapshot } from "@/lib/history/revisions";
import { NotFoundError, WriteRejectedError } from "@/lib/entries/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import type { UserInput } from "@/lib/validation/user";

export async function getUserIdentity(actor: Actor, id: string) {
  assertRole(actor, "ADMIN");
  return db.user.findUnique({ where: { id }, select: { id: true, name: true, email: true } });
}

export async function countUsers() {
  return db.user.count();
}

export async function listUsers(actor: Actor) {
  assertRole(actor, "ADMIN");
  const users = await db.user.findMany({
    orderBy: [{ disabled: "asc" }, { name: "asc" }],
    select: { id: true, name: true, email: true, role: true, disabled: true, version: true, createdAt: true, oidcSubject: true, passwordHash: true },
  });
  // How each signs in, never the hash itself.
  return users.map(({ passwordHash, oidcSubject, ...user }) => ({ ...user, password: !!passwordHash, singleSignOn: !!oidcSubject }));
}

/**
 * Creates the first admin. Only works while there is no user at all; the check and
 * the insert share a transaction under a lock so two racing requests cannot both win.
 */
export async function createFirstAdmin(input: Omit<UserInput, "role">) {
  // Refused before hashing: once set up, this anonymous form must cost nothing.
  if ((await db.user.count()) > 0) throw new WriteRejectedError("The portal is already set up: sign in instead");
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(4242001)`;
    if ((await tx.user.count()) > 0) throw new WriteRejectedError("The portal is already set up: sign in instead");
    const self: Actor = { id: null, name: input.name, role: "ADMIN" };
    return createEntity(
      self,
      "USER",
      { email: input.email, name: input.name, role: "ADMIN", disabled: false },
      { changeNote: "First admin, created at setup", audit: { action: "user.created", detail: { email: input.email, role: "ADMIN" } } },
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
    { changeNote: `Added as ${input.role.toLowerCase()}`, audit: { action: "user.created", detail: { email: input.email, role: input.role } } },
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
  const row = await updateEntity(actor, "USER", id, expectedVersion, change, { changeNote: note, audit: accessEvent(change) });
  // A disabled account is refused on every request anyway; ending its sessions also shows on the Users page.
  if (change.disabled) await endAllSessions(actor, id);
  return row;
}

/** How the audit log names an access change, the same choice as its change note; a role given is always in the detail. */
function accessEvent(change: { role?: Role; disabled?: boolean }): WriteMeta["audit"] {
  const action = change.disabled === undefined ? "user.role_changed" : change.disabled ? "user.disabled" : "user.enabled";
  return { action, detail: change.role ? { role: change.role } : {} };
}

/**
 * Restores an earlier version of an account, with the rules of updateUserAccess: an admin
 * cannot demote, disable or delete themselves this way either, and a restored version
 * that is disabled ends the account's sessions.
 */
export async function restoreUserVersion(actor: Actor, id: string, version: number, expectedVersion: number, meta: WriteMeta) {
  assertRole(actor, "ADMIN");
  const snapshot = await getRevisionSnapshot("USER", id, version);
  if (!snapshot) throw new NotFoundError("USER", `${id} version ${version}`);
  if (id === actor.id && (snapshot.role !== "ADMIN" || snapshot.disabled || snapshot.deletedAt)) {
    throw new WriteRejectedError("You cannot demote or disable yourself; ask another admin");
  }
  const row = await restoreRevision(actor, "USER", id, version, expectedVersion, meta);
  if (row.disabled || row.deletedAt) await endAllSessions(actor, id);
  return row;
}

/** The people who can be added to a team: accounts neither deleted nor disabled (an admin's list). */
export async function listActivePeople(actor: Actor) {
  assertRole(actor, "ADMIN");
  return db.user.findMany({ where: { deletedAt: null, disabled: false }, orderBy: { name: "asc" }, select: { id: true, name: true, email: true } });
}
