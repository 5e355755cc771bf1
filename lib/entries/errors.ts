import type { EntityType } from "@/lib/generated/prisma/enums";
import { describe, type EntityDescriptor } from "@/lib/entries";
import type { Snapshot } from "@/lib/entries/snapshot";

// What a write can refuse with, and the database's refusals (constraint errors) turned
// into those, in words a person can act on. The writer (entities.ts) throws them; pages,
// the API and imports tell people from them.

export class NotFoundError extends Error {
  constructor(type: EntityType, id: string) {
    super(`${describe(type).label} ${id} does not exist`);
  }
}

/** Someone saved in between: the caller's version is stale. */
export class ConflictError extends Error {
  constructor(
    public readonly expectedVersion: number,
    public readonly currentVersion: number,
    public readonly current: Snapshot,
  ) {
    super(`Version ${expectedVersion} is no longer the latest (now version ${currentVersion})`);
  }
}

/** A write that breaks a rule only the database can check (a taken slug, a missing reference). */
export class WriteRejectedError extends Error {
  constructor(
    message: string,
    public readonly field?: string,
    /** in a write of many entries, the one at fault */
    public readonly item?: number,
  ) {
    super(message);
  }
}

/** A write refused because the person is not in the team that owns the system (team-scoped editing, lib/teams/policy.ts). */
export class TeamRefusedError extends WriteRejectedError {}

/** Turns database constraint errors into messages a person can act on; `desc` words a value that must be unique. */
export function translate(error: unknown, desc?: EntityDescriptor): never {
  const { code, cause } = databaseError(error);
  const fields = fieldsOf(error);
  if (code === "P2002" || cause.kind === "UniqueConstraintViolation") {
    const unique = desc?.unique.find((rule) => fields.includes(rule.field));
    throw new WriteRejectedError(unique?.taken ?? "Another entry already uses this value", unique?.field ?? fields.find((f) => f !== "systemId") ?? fields[0]);
  }
  if (code === "P2003" || code === "P2025" || code === "P2018" || cause.kind === "ForeignKeyConstraintViolation") throw new WriteRejectedError("A linked entry no longer exists; reload and pick again", fields[0]);
  // PostgreSQL refuses NUL characters in text (22021); forms refuse them first, this catches any other path.
  // Through a bulk insert's JSON, the same character is an "unsupported Unicode escape sequence" (22P05).
  const state = cause.originalCode ?? cause.code;
  if (code === "22021" || state === "22021" || state === "22P05") {
    throw new WriteRejectedError("A field holds a character that cannot be stored (NUL); remove it and save again");
  }
  throw error;
}

/** What Prisma and its PostgreSQL adapter say about a failed statement: Prisma's code, and the database's own (raw statements fail as P2010 with it underneath). */
function databaseError(error: unknown) {
  const e = error as {
    code?: string;
    meta?: { target?: unknown; driverAdapterError?: { cause?: { kind?: string; code?: string; originalCode?: string; constraint?: { fields?: unknown; index?: unknown } } } };
  };
  return { code: e.code, target: e.meta?.target, cause: e.meta?.driverAdapterError?.cause ?? {} };
}

/** The fields a constraint error is about: the columns named, or those of the index ("FailureMode_systemId_key_key"). */
function fieldsOf(error: unknown): string[] {
  const { target, cause } = databaseError(error);
  if (Array.isArray(cause.constraint?.fields)) return cause.constraint.fields.map(String);
  if (Array.isArray(target)) return target.map(String);
  const index = typeof cause.constraint?.index === "string" ? cause.constraint.index : typeof target === "string" ? target : "";
  const named = index.match(/^[A-Za-z]+_([A-Za-z_]+?)_(?:key|fkey)$/);
  if (named) return named[1]!.split("_");
  return [...index.matchAll(/(?:^|_)(slug|email|key|ownerId|backupOwnerId|systemId|dependsOnSystemId)(?=_|$)/g)].map((m) => m[1]!);
}

/** The error a write inside a caller's transaction threw, as the message a person would get (a WriteRejectedError where one applies). */
export function explainWriteError(error: unknown, desc: EntityDescriptor): unknown {
  if (error instanceof ConflictError || error instanceof NotFoundError || error instanceof WriteRejectedError) return error;
  try {
    return translate(error, desc);
  } catch (explained) {
    return explained;
  }
}

