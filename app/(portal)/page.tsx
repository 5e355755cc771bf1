import { cacheThisPage } from "@/lib/http/request-context";
import { showsEverything } from "@/lib/data/cache-tags";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { listSystemsPage } from "@/lib/data/systems";
import { listRecentRevisions } from "@/lib/history/revisions";
import { listReadiness } from "@/lib/readiness/facts";
import { describe } from "@/lib/entries";
import { PageHeader } from "@/components/page-header";
import { ButtonLink } from "@/components/ui/button";
import { Time } from "@/components/time";
import { SystemsTable } from "./systems/systems-table";
import { stateOfSystems, systemsOf, teamsOf } from "@/lib/teams/teams";
import { TeamSystems } from "@/components/teams/team-systems";
import { firingNow } from "@/lib/alerts/firing";
import { FiringNow } from "@/components/alerts/firing-now";

/** Systems listed under "Needs attention"; /readiness has them all. */
const ATTENTION_SHOWN = 25;

export default async function DashboardPage() {
  // Kept by the page cache until the next write to runbook data (lib/server/page-cache.ts).
  cacheThisPage();
  showsEverything();
  const user = await requireUser();
  const [systems, recent, readiness, teams, firing] = await Promise.all([listSystemsPage({}, 1), listRecentRevisions(user, 8), listReadiness(), teamsOf(user.id), firingNow()]);
  // The systems of the person's teams, each once, and what is happening to them.
  const teamSystems = [...new Map(teams.flatMap((team) => systemsOf(team)).map((system) => [system.id, system])).values()];
  const teamState = teams.length ? await stateOfSystems(teamSystems.map((system) => system.id)) : null;
  // The readiness checks (/readiness), worst first: the systems with the most gaps.
  const attention = readiness
    .filter((system) => system.readiness.unmet > 0)
    .map((system) => ({ system, reasons: system.readiness.items.filter((item) => item.state === "unmet").map((item) => item.detail) }));

  return (
    <div className="space-y-8">
      <PageHeader
        title="Dashboard"
        description="Your systems, and the runbooks that need attention before the next incident does."
        actions={hasRole(user, "EDITOR") ? <ButtonLink href="/systems/new" variant="primary">New system</ButtonLink> : null}
      />
      <FiringNow firing={firing} />
      {teamState ? (
        <section aria-labelledby="team-systems" className="space-y-2">
          <h2 id="team-systems" className="text-xl font-bold">Your teams’ systems</h2>
          <p className="text-sm text-slate-700">
            {teams.map((team, index) => (
              <span key={team.id}>
                {index ? ", " : "Of "}
                <Link href={`/teams/${team.key}`}>{team.name}</Link>
              </span>
            ))}
          </p>
          <TeamSystems systems={teamSystems} state={teamState} headingLevel={3} />
        </section>
      ) : null}
      <section aria-labelledby="attention" className="space-y-2">
        <h2 id="attention" className="text-xl font-bold">Needs attention</h2>
        {attention.length === 0 ? (
          <p className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-emerald-900">Every runbook is owned, reviewed, drilled and complete.</p>
        ) : (
          <>
          <ul className="divide-y divide-slate-200 rounded-lg border border-amber-300 bg-white">
            {attention.slice(0, ATTENTION_SHOWN).map(({ system, reasons }) => (
              <li key={system.id} className="flex flex-wrap gap-2 p-3">
                <Link href={`/systems/${system.slug}`} className="font-semibold">{system.name}</Link>
                <span className="text-slate-700">— {reasons.join(", ")}</span>
              </li>
            ))}
          </ul>
          <p className="text-sm">
            <Link href="/readiness">
              {attention.length > ATTENTION_SHOWN ? `All ${attention.length.toLocaleString("en")} systems that need attention, with links to fix each gap →` : "The readiness checklist of every system, with links to fix each gap →"}
            </Link>
          </p>
          </>
        )}
      </section>
      <section aria-labelledby="all-systems" className="space-y-2">
        <h2 id="all-systems" className="text-xl font-bold">Systems</h2>
        {/* the first page; the systems list has them all, a page at a time */}
        {systems.total ? <SystemsTable systems={systems.rows} /> : <p>No systems yet.</p>}
        {systems.pages > 1 ? <p className="text-sm"><Link href="/systems">All {systems.total.toLocaleString("en")} systems →</Link></p> : null}
      </section>
      <section aria-labelledby="recent" className="space-y-2">
        <h2 id="recent" className="text-xl font-bold">Recent changes</h2>
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-300 bg-white text-sm">
          {recent.map((revision) => (
            <li key={revision.id} className="flex flex-wrap gap-x-2 p-3">
              <span className="font-semibold">{describe(revision.entityType).label}</span>
              <span>{String((revision.snapshot as Record<string, unknown>).name ?? (revision.snapshot as Record<string, unknown>).title ?? "")}</span>
              <span className="text-slate-700">· version {revision.version} · {revision.changeNote}</span>
              <span className="text-slate-600">· {revision.authorName}, <Time value={revision.createdAt} withTime /></span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
