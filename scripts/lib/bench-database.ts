// Shared by the benchmarks: a throw-away embedded PostgreSQL (or BENCH_DATABASE_URL),
// migrated, and a loader that inserts a generated corpus in bulk, without history.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { migrate } from "../../lib/db/migrate";
import { keyBase } from "../../lib/history/keys";
import type { DemoRunbooks } from "../../lib/seed/types";

export type BenchDatabase = { url: string; fresh: boolean; stop: () => Promise<void> };

/** BENCH_DATABASE_URL when set (`fresh` tells whether it is empty), else a new embedded server. */
export async function benchDatabase(say: (text: string) => void): Promise<BenchDatabase> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) {
    await migrate(given, join(process.cwd(), "prisma", "migrations"));
    const client = new pg.Client({ connectionString: given });
    await client.connect();
    const { rows: [existing] } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "System"`);
    await client.end();
    return { url: given, fresh: existing!.n === 0, stop: async () => {} };
  }
  const dir = mkdtempSync(join(tmpdir(), "runbook-bench-"));
  chmodSync(dir, 0o755);
  say("starting a throw-away embedded PostgreSQL for the benchmark");
  const server = await startEmbeddedPostgres({ dataDir: join(dir, "pg"), password: "bench" });
  const admin = new pg.Client({ connectionString: server.url() });
  await admin.connect();
  await admin.query("CREATE DATABASE runbook_bench");
  await admin.end();
  const url = server.url("runbook_bench");
  await migrate(url, join(process.cwd(), "prisma", "migrations"));
  return {
    url,
    fresh: true,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Keys made from titles, unique within one system (the portal's own rule for new entries). */
function keyMaker() {
  const used = new Set<string>();
  return (title: string, fallback: string) => {
    const base = keyBase(title, fallback);
    let key = base;
    for (let n = 2; used.has(key); n++) key = `${base}-${n}`;
    used.add(key);
    return key;
  };
}

/** Inserts a generated corpus in bulk: a few statements per table, no revisions. */
export async function bulkLoad(client: pg.Client, data: DemoRunbooks) {
  const now = new Date().toISOString();
  const contactId = new Map<string, string>();
  const rows: Record<string, Record<string, unknown>[]> = {
    Contact: [], System: [], Dependency: [], FailureMode: [], RemediationProcedure: [], EscalationLevel: [],
    _FailureModeToRemediationProcedure: [], _ContactToEscalationLevel: [],
  };
  data.contacts.forEach((c, i) => {
    const id = `bc${i}`;
    contactId.set(c.key, id);
    rows.Contact!.push({ id, key: c.key, name: c.name, kind: c.kind, role: c.role ?? "", email: c.email ?? "", phone: c.phone ?? "", chat: c.chat ?? "", pagerUrl: c.pagerUrl ?? "", notes: c.notes ?? "", updatedAt: now });
  });
  data.systems.forEach((s, i) => {
    const sid = `bs${i}`;
    const key = keyMaker();
    rows.System!.push({
      id: sid, slug: s.slug, name: s.name, purpose: s.purpose ?? "", schedule: s.schedule ?? "", inputs: s.inputs ?? "", outputs: s.outputs ?? "",
      components: s.components ?? [], tier: s.tier, ownerId: contactId.get(s.ownerKey ?? "") ?? null, backupOwnerId: contactId.get(s.backupOwnerKey ?? "") ?? null,
      onCall: s.onCall ?? "", links: s.links ?? [], boundaries: s.boundaries ?? "", deploymentNotes: s.deploymentNotes ?? "", updatedAt: now,
    });
    s.procedures.forEach((p) => rows.RemediationProcedure!.push({ id: `bp${i}_${p.key}`, key: key(p.key, "procedure"), systemId: sid, title: p.title, assumptions: p.assumptions ?? "", steps: p.steps ?? [], verification: p.verification ?? "", rollback: p.rollback ?? "", estimatedMinutes: p.estimatedMinutes ?? null, approvalRequired: "", updatedAt: now }));
    s.dependencies.forEach((d, k) => rows.Dependency!.push({ id: `bd${i}_${k}`, key: key(d.name, "dependency"), systemId: sid, name: d.name, kind: d.kind, usedFor: d.usedFor ?? "", failureModes: d.failureModes ?? "", impact: d.impact ?? "", detection: d.detection ?? "", mitigation: d.mitigation ?? "", updatedAt: now }));
    s.failureModes.forEach((f, k) => {
      const id = `bf${i}_${k}`;
      rows.FailureMode!.push({ id, key: key(f.title, "failure-mode"), systemId: sid, title: f.title, severity: f.severity, alertNames: f.alertNames ?? [], detection: f.detection ?? "", causes: f.causes ?? "", customerImpact: f.customerImpact ?? "", immediateActions: f.immediateActions ?? [], escalation: f.escalation ?? "", updatedAt: now });
      for (const procedure of f.procedureKeys ?? []) rows._FailureModeToRemediationProcedure!.push({ A: id, B: `bp${i}_${procedure}` });
    });
    s.escalationLevels.forEach((l, k) => {
      const id = `be${i}_${k}`;
      rows.EscalationLevel!.push({ id, key: key(l.name, "escalation-level"), systemId: sid, level: Number(l.level), name: l.name, when: l.when ?? "", afterMinutes: l.afterMinutes ?? null, expectedResponseMinutes: l.expectedResponseMinutes ?? null, responsibilities: l.responsibilities ?? "", updatedAt: now });
      for (const contact of l.contactKeys ?? []) rows._ContactToEscalationLevel!.push({ A: contactId.get(contact), B: id });
    });
  });
  for (const [table, list] of Object.entries(rows)) {
    const { rows: columns } = await client.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND column_name <> ALL ($2)`,
      [table, ["version", "createdAt", "deletedAt", "lastReviewedAt", "lastReviewedById", "reviewIntervalDays"]],
    );
    // Columns the rows leave out (added by later migrations) take their defaults.
    const present = new Set(Object.keys(list[0] ?? {}));
    const names = columns.filter((c) => present.has(c.column_name)).map((c) => `"${c.column_name}"`).join(", ");
    for (let start = 0; start < list.length; start += 1000) {
      await client.query(
        `INSERT INTO "${table}" (${names}) SELECT ${names} FROM jsonb_populate_recordset(NULL::"${table}", $1::jsonb)`,
        [JSON.stringify(list.slice(start, start + 1000))],
      );
    }
  }
}
