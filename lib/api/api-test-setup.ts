import { afterAll, beforeAll } from "vitest";
import { ownDatabase } from "@/test/own-database";
import { call, type CallOptions } from "@/test/api-contract";
import { db } from "@/lib/db";
import { loadDemo } from "@/lib/demo/load";
import { createToken, revokeToken } from "@/lib/auth/tokens";
import type { Collection } from "./collections";
import { resetApiRateLimits } from "./rate-limit";
import type { Role } from "@/lib/generated/prisma/enums";

// What the API's test files (api-*.test.ts) share: a database of the file's own with the
// demo runbooks, people of each role with a write token, the tokens that must be refused,
// and a client that calls the real route handlers as one of them.

type Person = { id: string; name: string; token: string };
export const people = {} as Record<"viewer" | "editor" | "admin" | "disabled", Person>;
export const tokens = {} as Record<"editorRead" | "revoked" | "expired", string>;

/** Call at the top of the test file, before anything reaches the database; `prefix` names the file's own database. */
export async function setUpApiDatabase(prefix: string) {
  const database = await ownDatabase(prefix);
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  beforeAll(async () => {
    // Far above what this file sends in a minute; the rate limit test sets its own.
    process.env.RUNBOOK_API_RATE_PER_TOKEN = process.env.RUNBOOK_API_RATE_PER_ADDRESS = "100000";
    resetApiRateLimits();
    await loadDemo();
    // These tests are about writes that apply at once: the demo's tier-1 system needs approval for changes (lib/approvals, tested there and in api-writes.test.ts).
    await db.system.updateMany({ data: { changesNeedApproval: false } });
    const roles: Record<keyof typeof people, Role> = { viewer: "VIEWER", editor: "EDITOR", admin: "ADMIN", disabled: "EDITOR" };
    for (const [key, role] of Object.entries(roles) as [keyof typeof people, Role][]) {
      const user = await db.user.create({ data: { email: `${key}@example.com`, name: `${key} person`, passwordHash: "x", role } });
      const { secret } = await createToken({ id: user.id, name: user.name, role }, { name: `${key} token`, scope: "WRITE", expiresIn: "30" });
      people[key] = { id: user.id, name: user.name, token: secret };
    }
    const editor = { id: people.editor.id, name: people.editor.name, role: "EDITOR" as Role };
    tokens.editorRead = (await createToken(editor, { name: "read only", scope: "READ", expiresIn: "30" })).secret;
    const revoked = await createToken(editor, { name: "revoked", scope: "WRITE", expiresIn: "30" });
    await revokeToken(editor, revoked.token.id);
    tokens.revoked = revoked.secret;
    const expired = await createToken(editor, { name: "expired", scope: "WRITE", expiresIn: "30" });
    await db.apiToken.update({ where: { id: expired.token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    tokens.expired = expired.secret;
    await db.user.update({ where: { id: people.disabled.id }, data: { disabled: true } });
  });
}

export const as = (token: string | null) => ({
  get: (path: string, options: CallOptions = {}) => call("GET", path, { token, ...options }),
  post: (path: string, body?: unknown, headers?: Record<string, string>) => call("POST", path, { token, body, headers }),
  put: (path: string, body: unknown, headers?: Record<string, string>) => call("PUT", path, { token, body, headers }),
  patch: (path: string, body: unknown, headers?: Record<string, string>) => call("PATCH", path, { token, body, headers }),
  delete: (path: string, body: unknown, headers?: Record<string, string>) => call("DELETE", path, { token, body, headers }),
});
export const editor = () => as(people.editor.token);
export const ifMatch = (version: number | string) => ({ "if-match": `"${version}"` });

export type Json = Record<string, unknown>;

/** A valid new entry of each collection, and the field that names it. */
export function newEntry(collection: Collection, tag: string): Json {
  const bodies: Record<string, Json> = {
    systems: { slug: `api-${tag}`, name: `API system ${tag}`, tier: "TIER_3", purpose: "Made through the API." },
    dependencies: { system: "invoice-pipeline", name: `Queue ${tag}`, kind: "QUEUE", usedFor: "Buffers invoices." },
    "failure-modes": { system: "invoice-pipeline", title: `Backlog ${tag}`, severity: "SEV3", alertNames: [`ApiBacklog${tag}`], immediateActions: ["Check the queue depth"] },
    procedures: { system: "invoice-pipeline", title: `Drain ${tag}`, steps: [{ instruction: "Drain the queue", command: "kubectl scale deploy/worker --replicas=4" }] },
    "escalation-levels": { system: "invoice-pipeline", level: 9, name: `Level ${tag}` },
    contacts: { name: `Team ${tag}`, kind: "TEAM", email: `team-${tag}@example.com` },
  };
  return bodies[collection.name]!;
}

export const nameField = (collection: Collection) => collection.desc.heading.fields.find((field) => collection.desc.fields[field]!.kind === "text")!;
export function withoutSystem(entry: Json): Json {
  const rest = { ...entry };
  delete rest.system;
  return rest;
}

export async function revisionCount() {
  return db.revision.count();
}
