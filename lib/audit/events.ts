import type { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/auth/roles";
import { currentClient } from "@/lib/http/request-context";

// Writing the audit log. Every audited action calls auditEvents inside its own
// transaction, so an event exists exactly when its action committed. The database numbers
// and chains the events (prisma/migrations/*_audit_events); nothing here computes a hash.

/** What happened, in the log's words: "<thing>.<what>". */
export const AUDIT_ACTIONS = [
  "entry.created",
  "entry.updated",
  "entry.deleted",
  "entry.restored",
  "change.requested",
  "change.rebased",
  "change.approved",
  "change.rejected",
  "change.withdrawn",
  "change.overridden",
  "signin.succeeded",
  "signin.failed",
  "signout",
  "user.created",
  "user.role_changed",
  "user.disabled",
  "user.enabled",
  "user.signed_out_everywhere",
  "user.updated",
  "team.member_added",
  "team.member_removed",
  "token.created",
  "token.revoked",
  "token.used",
  "export.downloaded",
  "import.applied",
  "run.started",
  "run.finished",
  "settings.changed",
  "destination.created",
  "destination.updated",
  "destination.secret_rotated",
  "destination.deleted",
  "job.retried",
  "job.discarded",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditInput = {
  action: AuditAction;
  entityType?: string | null;
  entityId?: string | null;
  systemId?: string | null;
  revisionId?: string | null;
  detail?: Record<string, unknown>;
};

/** Where an event came from: the client's address and user agent. */
export type AuditClient = { ip: string; userAgent: string };

type AuditRow = Record<string, unknown>;

/**
 * Transactions that write their events at the end (a long import): the chain's lock
 * (taken by the first event a transaction writes, held to its end) is then held only for
 * the last statement and the commit, so nobody else's sign-in or save waits behind them.
 */
const deferred = new WeakMap<object, AuditRow[]>();

/**
 * Runs `work` in `tx`, keeping every audit event it writes until `work` is done, then writes
 * them in one statement, in order. For long transactions only: a short one gains nothing.
 */
export async function withAuditAtEnd<T>(tx: Prisma.TransactionClient, work: () => Promise<T>): Promise<T> {
  const rows: AuditRow[] = [];
  deferred.set(tx, rows);
  try {
    const result = await work();
    await insertRows(tx, rows);
    return result;
  } finally {
    deferred.delete(tx);
  }
}

/**
 * Writes the events, in order, as `actor`, from `client`: by default the request being
 * served (if any); sign-in passes the address and user agent of its own request.
 */
export async function auditEvents(tx: Prisma.TransactionClient, actor: Pick<Actor, "id" | "name">, events: AuditInput[], client: AuditClient | undefined = currentClient()) {
  if (events.length === 0) return;
  const rows = events.map((event) => ({
    actorId: actor.id,
    actorName: actor.name,
    action: event.action,
    entityType: event.entityType ?? null,
    entityId: event.entityId ?? null,
    systemId: event.systemId ?? null,
    revisionId: event.revisionId ?? null,
    // Both come from request headers: bounded, as the portal's server bounds them (scripts/serve.ts).
    ip: (client?.ip ?? "").slice(0, 100),
    userAgent: (client?.userAgent ?? "").slice(0, 500),
    detail: event.detail ?? {},
  }));
  const later = deferred.get(tx);
  if (later) later.push(...rows);
  else await insertRows(tx, rows);
}

async function insertRows(tx: Prisma.TransactionClient, rows: AuditRow[]) {
  if (rows.length === 0) return;
  // One statement however many events (an import of thousands): the trigger chains them in this order.
  await tx.$executeRawUnsafe(
    `INSERT INTO "AuditEvent" ("actorId", "actorName", "action", "entityType", "entityId", "systemId", "revisionId", "ip", "userAgent", "detail")
     SELECT "actorId", "actorName", "action", "entityType", "entityId", "systemId", "revisionId", "ip", "userAgent", "detail"
     FROM jsonb_populate_recordset(NULL::"AuditEvent", $1::jsonb) WITH ORDINALITY AS e ORDER BY ordinality`,
    JSON.stringify(rows),
  );
}
