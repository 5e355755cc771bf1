import "server-only";
import { db } from "@/lib/db";
import { auditEvents, type AuditClient } from "@/lib/audit/events";
import { createEntity, updateEntity } from "@/lib/entries/write";
import type { PortalActor } from "@/lib/auth/roles";
import type { Role } from "@/lib/generated/prisma/enums";
import { emailSchema } from "@/lib/validation/user";
import { groupsOf, roleFromGroups, type SsoConfig } from "./sso-config";
import { startSession } from "./sessions";
import { syncTeamsFromGroups } from "@/lib/teams/sync";

// Signing in through the identity provider. The provider's subject ("sub") is the stable
// key of a person: the first sign-in makes the account (or links a local one whose email
// the provider says is verified), and every sign-in reads name, role and teams again, so a
// change at the provider applies here at the next sign-in. Someone the provider no longer
// lets in is refused, and their sessions end. Each attempt leaves one audit event.

export type ProviderClaims = Record<string, unknown>;

export type SsoRefusal = "no-role" | "unverified-email" | "disabled" | "no-email";

export type SsoOutcome = { kind: "ok"; user: { id: string; name: string; email: string; role: Role }; sessionId: string } | { kind: "refused"; reason: SsoRefusal };

const actorOf = (config: SsoConfig): PortalActor => ({ id: null, name: `Single sign-on (${config.name})`, role: "ADMIN" });

function text(value: unknown, max: number): string {
  return typeof value === "string" ? value.trim().slice(0, max) : "";
}

export async function signInWithProvider(claims: ProviderClaims, config: SsoConfig, client: AuditClient): Promise<SsoOutcome> {
  const subject = text(claims.sub, 255);
  const parsedEmail = emailSchema.safeParse(claims.email ?? "");
  const email = parsedEmail.success ? parsedEmail.data : "";
  const verified = claims.email_verified === true || claims.email_verified === "true";
  const groups = groupsOf(claims[config.groupsClaim]);
  const name = text(claims.name, 100) || text(claims.preferred_username, 100) || email || subject;
  const role = roleFromGroups(groups, config);
  const actor = actorOf(config);
  const detail = { provider: config.name, subject, email, groups, role };

  const refuse = async (reason: SsoRefusal, userId: string | null) => {
    await db.$transaction(async (tx) => {
      // Someone the provider no longer lets in keeps no open session here either.
      const ended = userId ? (await tx.session.updateMany({ where: { userId, endedAt: null, expiresAt: { gt: new Date() } }, data: { endedAt: new Date() } })).count : 0;
      const account = userId ? { entityType: "USER", entityId: userId } : {};
      await auditEvents(tx, { id: userId, name: email || subject }, [{ action: "signin.failed", ...account, detail: { ...detail, reason, sessionsEnded: ended } }], client);
    });
    return { kind: "refused" as const, reason };
  };

  if (!subject) return refuse("no-email", null);
  let user = await db.user.findUnique({ where: { oidcSubject: subject }, select: { id: true, version: true, name: true, email: true, role: true, disabled: true, deletedAt: true } });
  if (!user && email) {
    const local = await db.user.findUnique({ where: { email }, select: { id: true, version: true, name: true, email: true, role: true, disabled: true, deletedAt: true, oidcSubject: true } });
    if (local) {
      // An email the provider has not verified could be anyone's: it never opens an existing account.
      if (!verified || local.oidcSubject) return refuse("unverified-email", null);
      await db.user.update({ where: { id: local.id }, data: { oidcSubject: subject } });
      user = local;
    }
  }
  if (user && (user.disabled || user.deletedAt)) return refuse("disabled", user.id);
  if (!role) return refuse("no-role", user?.id ?? null);
  if (!user && !email) return refuse("no-email", null);

  if (!user) {
    const created = await createEntity(
      actor,
      "USER",
      { email, name, role, disabled: false },
      { changeNote: `Signed in first through ${config.name}, as ${role.toLowerCase()}`, audit: { action: "user.created", detail: { email, role, provider: config.name } } },
      { columns: { oidcSubject: subject, passwordHash: null } },
    );
    user = { id: created.id, version: created.version, name, email, role, disabled: false, deletedAt: null };
  } else if (user.role !== role || user.name !== name) {
    const change = { name, role };
    const note = user.role !== role ? `Role from ${config.name}'s groups: ${role.toLowerCase()}` : `Name from ${config.name}`;
    const updated = await updateEntity(actor, "USER", user.id, user.version, change, {
      changeNote: note,
      audit: { action: user.role !== role ? "user.role_changed" : "user.updated", detail: { role, provider: config.name } },
    });
    user = { ...user, ...change, version: updated.version };
  }
  const signedIn = user;
  await syncTeamsFromGroups(actor, signedIn.id, groups, config.teamGroupPrefix);
  const session = await db.$transaction(async (tx) => {
    const opened = await startSession(signedIn.id, { address: client.ip ?? "", userAgent: client.userAgent ?? "" }, tx);
    await auditEvents(tx, signedIn, [{ action: "signin.succeeded", entityType: "USER", entityId: signedIn.id, detail }], client);
    return opened;
  });
  return { kind: "ok", user: { id: signedIn.id, name: signedIn.name, email: signedIn.email, role: signedIn.role }, sessionId: session.id };
}
