import type { Page } from "@playwright/test";
import { expect, query, slugOf, test, unique } from "./fixtures";

// The cached runbook pages (a system's overview, a failure mode, a procedure: kept rendered
// by the portal's server, lib/server/page-cache.ts) are fresh on the very next request
// after a write to any table they show, however it is written: here by plain SQL, as a
// hand-written fix or another tool would, so only the database's triggers can tell the
// cache. Each case first proves the page is served from the cache, then writes, then
// reads the page again.

type Write = { what: string; sql: string; params: unknown[]; shows: string };

async function api(page: Page, path: string, data: Record<string, unknown>) {
  const answer = await page.request.post(path, { headers: { "Sec-Fetch-Site": "same-origin" }, data });
  expect(answer.status(), `${path}: ${await answer.text()}`).toBe(201);
  return (await answer.json()) as { id: string };
}

async function load(page: Page, path: string) {
  const answer = await page.request.get(path, { maxRedirects: 0 });
  expect(answer.status()).toBe(200);
  return { cache: answer.headers()["x-cache"], body: await answer.text() };
}

test("each cached runbook page shows a write to any table it reads on the next request", async ({ page }) => {
  test.setTimeout(120_000);
  const tag = unique("Fresh").replace(/[^A-Za-z0-9]/g, "");
  const name = `Ledger ${tag}`;
  const slug = slugOf(name);
  const owner = await api(page, "/api/v1/contacts", { name: `Owner ${tag}`, kind: "PERSON", phone: "+1 555 0100" });
  const ladder = await api(page, "/api/v1/contacts", { name: `Ladder ${tag}`, kind: "TEAM", email: `ladder-${tag.toLowerCase()}@example.com` });
  const upstream = await api(page, "/api/v1/systems", { slug: `${slug}-up`, name: `Upstream ${tag}`, tier: "TIER_3" });
  const system = await api(page, "/api/v1/systems", { slug, name, tier: "TIER_2", ownerId: owner.id, purpose: "Keeps the ledger." });
  const procedure = await api(page, "/api/v1/procedures", { system: slug, title: `Restart ${tag}`, steps: [{ instruction: "Restart it", command: "systemctl restart ledger" }] });
  const alertName = `LedgerDown${tag}`;
  const failureMode = await api(page, "/api/v1/failure-modes", { system: slug, title: `Down ${tag}`, severity: "SEV2", procedureIds: [procedure.id], customerImpact: "Nobody can pay.", alertNames: [alertName] });
  const level = await api(page, "/api/v1/escalation-levels", { system: slug, level: 1, name: `First line ${tag}`, contactIds: [ladder.id] });
  const dependency = await api(page, "/api/v1/dependencies", { system: slug, name: `Queue ${tag}`, kind: "QUEUE", dependsOnSystemId: upstream.id });

  let n = 0;
  const renamed = (label: string) => `${label}${tag}v${++n}`;
  const write = (what: string, table: string, column: string, id: string, label: string): Write => {
    const shows = renamed(label);
    return { what, sql: `UPDATE "${table}" SET "${column}" = $1 WHERE id = $2`, params: [shows, id], shows };
  };
  // An alert arriving (as POST /api/v1/alerts/webhook stores it) for a name the failure mode lists, in another case.
  const firing = (shows: string, summary: string): Write => ({
    what: "an alert firing",
    sql: `INSERT INTO "Alert" (id, fingerprint, "startsAt", name, "nameKey", state, annotations, source) VALUES ($1, $1, now(), $2, lower($2), 'FIRING', jsonb_build_object('summary', $3::text), 'generic')`,
    params: [renamed("alert"), alertName.toUpperCase(), summary],
    shows,
  });
  const pages: { path: string; writes: () => Write[] }[] = [
    {
      path: `/systems/${slug}`,
      writes: () => [
        write("the system", "System", "purpose", system.id, "Purpose"),
        write("a failure mode", "FailureMode", "title", failureMode.id, "Outage"),
        write("a procedure", "RemediationProcedure", "title", procedure.id, "Reboot"),
        write("an escalation level", "EscalationLevel", "name", level.id, "Level"),
        write("the owner", "Contact", "name", owner.id, "Owner"),
        write("a contact on the ladder", "Contact", "name", ladder.id, "Ladder"),
        write("a dependency", "Dependency", "name", dependency.id, "Queue"),
        write("the system depended on", "System", "name", upstream.id, "Upstream"),
        firing("Firing now", "The ledger is down"),
      ],
    },
    {
      path: `/failure-modes/${failureMode.id}`,
      writes: () => [
        write("the failure mode", "FailureMode", "customerImpact", failureMode.id, "Impact"),
        write("its procedure", "RemediationProcedure", "title", procedure.id, "Reboot"),
        write("its system", "System", "name", system.id, "Ledger"),
        firing("The ledger is down again", "The ledger is down again"),
      ],
    },
    {
      path: `/procedures/${procedure.id}`,
      writes: () => [
        write("the procedure", "RemediationProcedure", "verification", procedure.id, "Verify"),
        write("a failure mode it fixes", "FailureMode", "title", failureMode.id, "Outage"),
        write("its system", "System", "name", system.id, "Ledger"),
      ],
    },
  ];
  for (const { path, writes } of pages) {
    for (const change of writes()) {
      await load(page, path);
      expect((await load(page, path)).cache, `${path} is served from the cache before ${change.what} changes`).toBe("HIT");
      await query(change.sql, change.params);
      const after = await load(page, path);
      expect(after.body, `${path} after a write to ${change.what}`).toContain(change.shows);
      expect(after.cache).toBe("MISS");
    }
  }
  // Resolved again: the other specs' dashboards show nothing firing from here.
  await query(`UPDATE "Alert" SET state = 'RESOLVED', "endsAt" = now() WHERE "nameKey" = lower($1)`, [alertName]);
});
