import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { assertRole, type Actor, type UserActor } from "@/lib/auth/roles";
import { auditEvents } from "@/lib/audit/events";
import { addJob } from "@/lib/jobs/queue";
import { WriteRejectedError } from "@/lib/entries/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { DeliveryStatus, DestinationKind } from "@/lib/generated/prisma/enums";
import { DESTINATION_EVENTS, outgoingRequest, type DestinationEvent, type Message } from "./channels";
import { decryptSecret, encryptSecret, newSigningSecret, UnreadableSecretError } from "./secrets";
import { portalLink } from "./mail";

// Chat channels and webhooks the portal posts to (/admin/destinations): each for every
// system or for one team's, and for the events an admin picked. Every post is a job
// (notify:deliver), added in the transaction of what caused it; each attempt is written to
// the destination's delivery log. A receiver's 410 Gone disables the destination; other
// failures are tried again with back-off, up to the job's attempts, then given up.

export const DESTINATION_KINDS: Record<DestinationKind, string> = {
  SLACK: "Slack (incoming webhook)",
  MATTERMOST: "Mattermost (incoming webhook)",
  TEAMS: "Microsoft Teams (workflow webhook)",
  WEBHOOK: "Webhook (JSON, signed per Standard Webhooks)",
};

const EVENT_KEYS = Object.keys(DESTINATION_EVENTS) as [DestinationEvent, ...DestinationEvent[]];

const address = z
  .string()
  .trim()
  .min(1, { error: "Enter the webhook's address" })
  .max(2000, { error: "At most 2000 characters" })
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), { error: "Enter a full http:// or https:// address" });

const fields = {
  name: z.string().trim().min(1, { error: "Give it a name, e.g. #payments-oncall" }).max(80, { error: "At most 80 characters" }),
  teamId: z.string().trim().max(40).optional().transform((value) => value || null),
  events: z.array(z.enum(EVENT_KEYS), { error: "Pick what it gets" }).min(1, { error: "Pick at least one event" }),
};

export const newDestinationSchema = z.object({ ...fields, kind: z.enum(["SLACK", "MATTERMOST", "TEAMS", "WEBHOOK"], { error: "Pick a kind" }), url: address });
export const editDestinationSchema = z.object({ ...fields, url: z.union([z.literal(""), address]).optional(), version: z.coerce.number().int().positive() });

function hintOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}/…`;
}

async function assertTeam(tx: Prisma.TransactionClient, teamId: string | null) {
  if (!teamId) return;
  const team = await tx.contact.findFirst({ where: { id: teamId, kind: "TEAM", deletedAt: null }, select: { id: true } });
  if (!team) throw new WriteRejectedError("Pick a team from the list", "teamId");
}

/** Adds a destination; a generic webhook gets its signing secret, returned this once. */
export async function createDestination(actor: UserActor, input: z.infer<typeof newDestinationSchema>) {
  assertRole(actor, "ADMIN");
  const secret = input.kind === "WEBHOOK" ? newSigningSecret() : null;
  const destination = await db.$transaction(async (tx) => {
    await assertTeam(tx, input.teamId);
    const created = await tx.destination.create({
      data: {
        name: input.name,
        kind: input.kind,
        urlEncrypted: encryptSecret(input.url),
        urlHint: hintOf(input.url),
        secretEncrypted: secret ? encryptSecret(secret) : null,
        teamId: input.teamId,
        events: input.events,
      },
      select: { id: true },
    });
    await auditEvents(tx, actor, [{ action: "destination.created", entityType: "DESTINATION", entityId: created.id, detail: { name: input.name, kind: input.kind, events: input.events } }]);
    return created;
  });
  return { id: destination.id, secret };
}

/** Changes a destination's name, team, events or address (blank: kept); refuses a stale version. */
export async function updateDestination(actor: UserActor, id: string, input: z.infer<typeof editDestinationSchema>) {
  assertRole(actor, "ADMIN");
  await db.$transaction(async (tx) => {
    await assertTeam(tx, input.teamId);
    const { count } = await tx.destination.updateMany({
      where: { id, version: input.version },
      data: {
        name: input.name,
        teamId: input.teamId,
        events: input.events,
        ...(input.url ? { urlEncrypted: encryptSecret(input.url), urlHint: hintOf(input.url) } : {}),
        version: { increment: 1 },
      },
    });
    if (count === 0) throw new WriteRejectedError("Someone changed this destination while you were editing it. Reload the page to see their change, then try again.");
    await auditEvents(tx, actor, [{ action: "destination.updated", entityType: "DESTINATION", entityId: id, detail: { name: input.name, events: input.events, addressChanged: !!input.url } }]);
  });
}

/** A new signing secret, returned this once; the old one keeps signing beside it until dropped. */
export async function rotateSecret(actor: UserActor, id: string) {
  assertRole(actor, "ADMIN");
  const secret = newSigningSecret();
  await db.$transaction(async (tx) => {
    const current = await tx.destination.findUnique({ where: { id }, select: { kind: true, secretEncrypted: true } });
    if (current?.kind !== "WEBHOOK") throw new WriteRejectedError("Only generic webhooks have a signing secret");
    await tx.destination.update({ where: { id }, data: { secretEncrypted: encryptSecret(secret), previousSecretEncrypted: current.secretEncrypted, version: { increment: 1 } } });
    await auditEvents(tx, actor, [{ action: "destination.secret_rotated", entityType: "DESTINATION", entityId: id }]);
  });
  return secret;
}

/** Ends a rotation: only the new secret signs from now on. */
export async function dropPreviousSecret(actor: UserActor, id: string) {
  assertRole(actor, "ADMIN");
  await db.$transaction(async (tx) => {
    await tx.destination.update({ where: { id }, data: { previousSecretEncrypted: null, version: { increment: 1 } } });
    await auditEvents(tx, actor, [{ action: "destination.updated", entityType: "DESTINATION", entityId: id, detail: { previousSecret: "dropped" } }]);
  });
}

/** Turns a destination back on (after a 410, once the receiver exists again) or off. */
export async function setDestinationEnabled(actor: UserActor, id: string, enabled: boolean) {
  assertRole(actor, "ADMIN");
  await db.$transaction(async (tx) => {
    await tx.destination.update({
      where: { id },
      data: enabled ? { disabledAt: null, disabledReason: null, version: { increment: 1 } } : { disabledAt: new Date(), disabledReason: `Paused by ${actor.name}`, version: { increment: 1 } },
    });
    await auditEvents(tx, actor, [{ action: "destination.updated", entityType: "DESTINATION", entityId: id, detail: { enabled } }]);
  });
}

export async function deleteDestination(actor: UserActor, id: string) {
  assertRole(actor, "ADMIN");
  await db.$transaction(async (tx) => {
    const gone = await tx.destination.delete({ where: { id }, select: { name: true } });
    await auditEvents(tx, actor, [{ action: "destination.deleted", entityType: "DESTINATION", entityId: id, detail: { name: gone.name } }]);
  });
}

export async function listDestinations() {
  return db.destination.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true, name: true, kind: true, urlHint: true, events: true, disabledAt: true, disabledReason: true,
      team: { select: { key: true, name: true } },
      deliveries: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true, createdAt: true, httpStatus: true, reason: true } },
    },
  });
}

export async function getDestination(id: string) {
  return db.destination.findUnique({
    where: { id },
    select: {
      id: true, name: true, kind: true, urlHint: true, events: true, disabledAt: true, disabledReason: true, teamId: true, version: true,
      previousSecretEncrypted: true,
      team: { select: { key: true, name: true } },
      deliveries: { orderBy: [{ createdAt: "desc" }, { attempt: "desc" }], take: 50, select: { id: true, event: true, summary: true, attempt: true, status: true, httpStatus: true, reason: true, createdAt: true } },
    },
  });
}

export async function teamsToPick() {
  return db.contact.findMany({ where: { kind: "TEAM", deletedAt: null }, orderBy: { name: "asc" }, select: { id: true, name: true } });
}

type Sql = Pick<Prisma.TransactionClient, "$executeRaw" | "destination">;

/**
 * Queues `message` to every enabled destination that gets `event` and covers the system: a
 * destination of no team covers all, one of a team the systems that team owns or backs up.
 * Called in the transaction of what caused it.
 */
export async function queueToDestinations(tx: Sql, event: DestinationEvent, systemId: string | null, message: Message) {
  const destinations = await tx.destination.findMany({
    where: {
      disabledAt: null,
      events: { has: event },
      ...(systemId
        ? { OR: [{ teamId: null }, { team: { OR: [{ ownedSystems: { some: { id: systemId } } }, { backedUpSystems: { some: { id: systemId } } }] } }] }
        : { teamId: null }),
    },
    select: { id: true },
  });
  for (const { id } of destinations) await addJob(tx, "notify:deliver", { destinationId: id, message });
  return destinations.length;
}

/** The systems a destination covers: every one, or its team's. */
export async function systemsCoveredBy(destination: { teamId: string | null }) {
  return db.system.findMany({
    where: { deletedAt: null, ...(destination.teamId ? { OR: [{ ownerId: destination.teamId }, { backupOwnerId: destination.teamId }] } : {}) },
    select: { id: true },
  });
}

type Outcome = { status: DeliveryStatus; httpStatus: number | null; reason: string; retry: boolean };

const TIMEOUT_MS = 10_000;

/** One POST, and what it means: sent, failed (try again), given up (no point), or gone (410). */
async function post(kind: DestinationKind, urlEncrypted: string, secrets: (string | null)[], message: Message, lastAttempt: boolean): Promise<Outcome> {
  let url: string;
  let signing: string[];
  try {
    url = decryptSecret(urlEncrypted);
    signing = secrets.filter((s): s is string => !!s).map(decryptSecret);
  } catch (error) {
    if (error instanceof UnreadableSecretError) return { status: "GAVE_UP", httpStatus: null, reason: error.message, retry: false };
    throw error;
  }
  const request = outgoingRequest(kind, message, signing);
  const failed = (httpStatus: number | null, reason: string, retryable: boolean): Outcome =>
    retryable && !lastAttempt ? { status: "FAILED", httpStatus, reason, retry: true } : { status: "GAVE_UP", httpStatus, reason, retry: false };
  try {
    const response = await fetch(url, { method: "POST", headers: request.headers, body: request.body, redirect: "error", signal: AbortSignal.timeout(TIMEOUT_MS) });
    const said = (await response.text().catch(() => "")).slice(0, 200).trim();
    if (response.ok) return { status: "SENT", httpStatus: response.status, reason: "", retry: false };
    if (response.status === 410) return { status: "DISABLED", httpStatus: 410, reason: "The receiver answered 410 Gone: it no longer exists. The destination is disabled.", retry: false };
    const reason = `The receiver answered ${response.status}${said ? `: ${said}` : ""}`;
    // A request the receiver refuses as such will not pass later either; busy or broken receivers may.
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    return failed(response.status, retryable ? reason : `${reason} (not tried again: fix the destination)`, retryable);
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    return failed(null, (error as Error).name === "TimeoutError" ? `No answer within ${TIMEOUT_MS / 1000} s` : `Could not reach the receiver: ${cause}`, true);
  }
}

/** The notify:deliver job: posts, logs the attempt, disables on 410; throws to be tried again. */
export async function deliver(destinationId: string, message: Message, attempt: number, maxAttempts: number) {
  const destination = await db.destination.findUnique({ where: { id: destinationId }, select: { kind: true, urlEncrypted: true, secretEncrypted: true, previousSecretEncrypted: true, disabledAt: true } });
  if (!destination || destination.disabledAt) return;
  const outcome = await post(destination.kind, destination.urlEncrypted, [destination.secretEncrypted, destination.previousSecretEncrypted], message, attempt >= maxAttempts);
  await logAttempt(destinationId, message, attempt, outcome);
  if (outcome.retry) throw new Error(outcome.reason);
}

async function logAttempt(destinationId: string, message: Message, attempt: number, outcome: Outcome) {
  await db.$transaction(async (tx) => {
    await tx.delivery.create({ data: { destinationId, event: message.type, summary: message.title.slice(0, 300), attempt, status: outcome.status, httpStatus: outcome.httpStatus, reason: outcome.reason } });
    if (outcome.status === "DISABLED") await tx.destination.update({ where: { id: destinationId }, data: { disabledAt: new Date(), disabledReason: outcome.reason } });
  });
}

/** "Send a test": at once, from the admin's request, logged like any delivery; never retried. */
export async function sendTest(actor: Actor, id: string): Promise<Outcome> {
  assertRole(actor, "ADMIN");
  const destination = await db.destination.findUnique({ where: { id }, select: { name: true, kind: true, urlEncrypted: true, secretEncrypted: true, previousSecretEncrypted: true } });
  if (!destination) throw new WriteRejectedError("This destination no longer exists");
  const message: Message = {
    type: "test",
    title: `Test from Runbook Portal: ${destination.name} is set up`,
    lines: [`${actor.name} sent this test. Reminders and alerts for this destination will look like this.`],
    link: { label: "Open the portal", url: portalLink("/") },
    data: { destination: destination.name, sentBy: actor.name },
  };
  const outcome = await post(destination.kind, destination.urlEncrypted, [destination.secretEncrypted, destination.previousSecretEncrypted], message, true);
  await logAttempt(id, message, 1, outcome);
  return outcome;
}
