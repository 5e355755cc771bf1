// Shared by the benchmarks: a throw-away embedded PostgreSQL (or BENCH_DATABASE_URL),
// migrated, and a loader that inserts a set of runbooks in bulk, without history.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { migrate } from "../../lib/db/migrate";
import { migrateJobQueue } from "../../lib/jobs/queue";
import type { RunbookSet } from "../../lib/demo/set";

export type BenchDatabase = { url: string; fresh: boolean; stop: () => Promise<void> };

/** BENCH_DATABASE_URL when set (`fresh` tells whether it is empty), else a new embedded server. */
export async function benchDatabase(say: (text: string) => void): Promise<BenchDatabase> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) {
    await migrate(given, join(process.cwd(), "prisma", "migrations"));
    await migrateJobQueue(given);
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
  await migrateJobQueue(url);
  return {
    url,
    fresh: true,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Row = Record<string, unknown>;
const list = (entry: Row, field: string) => (entry[field] as Row[] | string[] | undefined) ?? [];
const text = (entry: Row, field: string) => (entry[field] as string | undefined) ?? "";

/** Inserts a set of runbooks (runbook-portal/v1, lib/demo) in bulk: a few statements per table, no revisions. */
export async function bulkLoad(client: pg.Client, data: RunbookSet) {
  const now = new Date().toISOString();
  const contactId = new Map<string, string>();
  const rows: Record<string, Row[]> = {
    Contact: [], System: [], Dependency: [], FailureMode: [], RemediationProcedure: [], EscalationLevel: [],
    _FailureModeToRemediationProcedure: [], _ContactToEscalationLevel: [],
  };
  data.contacts.contacts.forEach((c, i) => {
    const id = `bc${i}`;
    contactId.set(String(c.key), id);
    rows.Contact!.push({ id, key: c.key, name: c.name, kind: c.kind, role: text(c, "role"), email: text(c, "email"), phone: text(c, "phone"), chat: text(c, "chat"), pagerUrl: text(c, "pagerUrl"), notes: text(c, "notes"), updatedAt: now });
  });
  data.systems.forEach((s, i) => {
    const sid = `bs${i}`;
    rows.System!.push({
      id: sid, slug: s.slug, name: s.name, purpose: text(s, "purpose"), schedule: text(s, "schedule"), inputs: text(s, "inputs"), outputs: text(s, "outputs"),
      components: list(s, "components"), tier: s.tier, ownerId: contactId.get(text(s, "owner")) ?? null, backupOwnerId: contactId.get(text(s, "backupOwner")) ?? null,
      onCall: text(s, "onCall"), links: list(s, "links"), boundaries: text(s, "boundaries"), deploymentNotes: text(s, "deploymentNotes"), updatedAt: now,
    });
    (list(s, "procedures") as Row[]).forEach((p) => rows.RemediationProcedure!.push({ id: `bp${i}_${p.key}`, key: p.key, systemId: sid, title: p.title, assumptions: text(p, "assumptions"), steps: list(p, "steps"), verification: text(p, "verification"), rollback: text(p, "rollback"), estimatedMinutes: p.estimatedMinutes ?? null, approvalRequired: text(p, "approvalRequired"), updatedAt: now }));
    (list(s, "dependencies") as Row[]).forEach((d, k) => rows.Dependency!.push({ id: `bd${i}_${k}`, key: d.key, systemId: sid, name: d.name, kind: d.kind, usedFor: text(d, "usedFor"), failureModes: text(d, "failureModes"), impact: text(d, "impact"), detection: text(d, "detection"), mitigation: text(d, "mitigation"), updatedAt: now }));
    (list(s, "failureModes") as Row[]).forEach((f, k) => {
      const id = `bf${i}_${k}`;
      rows.FailureMode!.push({ id, key: f.key, systemId: sid, title: f.title, severity: f.severity, alertNames: list(f, "alertNames"), detection: text(f, "detection"), causes: text(f, "causes"), customerImpact: text(f, "customerImpact"), immediateActions: list(f, "immediateActions"), escalation: text(f, "escalation"), updatedAt: now });
      for (const procedure of list(f, "procedures")) rows._FailureModeToRemediationProcedure!.push({ A: id, B: `bp${i}_${String(procedure)}` });
    });
    (list(s, "escalationLevels") as Row[]).forEach((l, k) => {
      const id = `be${i}_${k}`;
      rows.EscalationLevel!.push({ id, key: l.key, systemId: sid, level: Number(l.level), name: l.name, when: text(l, "when"), afterMinutes: l.afterMinutes ?? null, expectedResponseMinutes: l.expectedResponseMinutes ?? null, responsibilities: text(l, "responsibilities"), updatedAt: now });
      for (const contact of list(l, "contacts")) rows._ContactToEscalationLevel!.push({ A: contactId.get(String(contact)), B: id });
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
