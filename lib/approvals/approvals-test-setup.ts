import { afterAll, beforeAll } from "vitest";
import { ownDatabase } from "@/test/own-database";
import type { Role } from "@/lib/generated/prisma/enums";

// What the approval test files (approvals-*.test.ts) share: a database of the file's own,
// people of each role, and a system (gated or not) with one procedure to change.

type Actor = { id: string; name: string; role: Role };
export const people = {} as Record<"ann" | "ben" | "cat" | "viewer" | "admin" | "boss", Actor>;

export const meta = (changeNote: string, expectedVersion: number) => ({ changeNote, incidentRef: null, expectedVersion });
const steps = [{ instruction: "Drain the queue", command: "queue drain", expectedResult: "0 messages" }];

export const procedureValues = (title: string) => ({ title, steps, drillIntervalDays: 90 });

/** Call at the top of the test file, before anything reaches the database; `prefix` names the file's own database. */
export async function setUpApprovalsDatabase(prefix: string) {
  const database = await ownDatabase(prefix);
  const { db } = await import("@/lib/db");
  const { saveEntry } = await import("@/lib/entries/save");
  const { setApprovalPolicy } = await import("./settings");

  beforeAll(async () => {
    const roles = { ann: "EDITOR", ben: "EDITOR", cat: "EDITOR", viewer: "VIEWER", admin: "ADMIN", boss: "ADMIN" } as const;
    for (const [key, role] of Object.entries(roles)) {
      const user = await db.user.create({ data: { email: `${key}@example.com`, name: `${key[0]!.toUpperCase()}${key.slice(1)}`, passwordHash: "x", role } });
      people[key as keyof typeof people] = { id: user.id, name: user.name, role };
    }
  });

  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  /** A system (gated or not) with one procedure. */
  async function fixture(slug: string, gated: boolean) {
    const system = await saveEntry(people.admin, "SYSTEM", {}, { slug, name: `System ${slug}`, tier: "TIER_1", reviewIntervalDays: 90 }, { changeNote: "new", incidentRef: null });
    const procedure = await saveEntry(people.ann, "PROCEDURE", { systemId: system.id }, { title: "Drain", steps, drillIntervalDays: 90 }, { changeNote: "new", incidentRef: null });
    if (gated) await setApprovalPolicy(people.admin, system.id, system.version, true, "tier 1");
    return { system: (await db.system.findUniqueOrThrow({ where: { id: system.id } })), procedure };
  }

  const revisions = (entityId: string) => db.revision.findMany({ where: { entityId }, orderBy: { version: "asc" } });
  const events = (action: string) => db.auditEvent.findMany({ where: { action }, orderBy: { seq: "asc" } });
  return { db, fixture, revisions, events };
}
