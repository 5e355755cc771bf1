import Link from "@/components/ui/link";
import { Badge, TierBadge } from "@/components/ui/badge";
import { Time } from "@/components/time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { TeamSystem, stateOfSystems } from "@/lib/teams/teams";
import { describe } from "@/lib/entries";
import type { Tier } from "@/lib/generated/prisma/enums";

// A team's systems and what is happening to them: readiness gaps (drills due among them),
// changes waiting for approval, the latest edits. On a team's page, and on the dashboard
// for the teams of the person signed in.

type State = Awaited<ReturnType<typeof stateOfSystems>>;

export function TeamSystems({ systems, state, headingLevel = 2 }: { systems: TeamSystem[]; state: State; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? "h2" : "h3";
  const byId = new Map(state.readiness.map((system) => [system.id, system]));
  const names = new Map(systems.map((system) => [system.id, system]));
  return (
    <div className="space-y-6">
      {systems.length === 0 ? (
        <p className="text-slate-600">Owns no system and backs up none yet: make the team a system’s owner or backup owner on the system’s edit page.</p>
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>System</TableHead>
                <TableHead>As</TableHead>
                <TableHead>Tier</TableHead>
                <TableHead>Readiness</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {systems.map((system) => {
                const readiness = byId.get(system.id)?.readiness;
                const gaps = readiness?.items.filter((item) => item.state === "unmet") ?? [];
                return (
                  <TableRow key={system.id}>
                    <TableHead scope="row">
                      <Link href={`/systems/${system.slug}`}>{system.name}</Link>
                    </TableHead>
                    <TableCell>{system.as}</TableCell>
                    <TableCell>
                      <TierBadge tier={system.tier as Tier} />
                    </TableCell>
                    <TableCell>
                      {gaps.length === 0 ? (
                        <Badge tone="ok">Ready</Badge>
                      ) : (
                        <ul className="space-y-0.5 text-sm">
                          {gaps.map((gap) => (
                            <li key={gap.rule}>
                              <Link href={gap.fixHref}>{gap.detail}</Link>
                            </li>
                          ))}
                        </ul>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
      <section className="space-y-2">
        <H className="font-bold">Changes waiting for approval</H>
        {state.waiting.length === 0 ? (
          <p className="text-slate-600">None.</p>
        ) : (
          <ul className="space-y-1">
            {state.waiting.map((change) => (
              <li key={change.id}>
                <Link href={`/approvals/${change.id}`}>
                  {describe(change.entityType).label} of {names.get(change.systemId)?.name ?? "a system"}: {change.changeNote || change.kind.toLowerCase()}
                </Link>{" "}
                <span className="text-sm text-slate-600">
                  by {change.authorName}, <Time value={change.createdAt} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="space-y-2">
        <H className="font-bold">Recent edits</H>
        {state.recent.length === 0 ? (
          <p className="text-slate-600">None yet.</p>
        ) : (
          <ul className="space-y-1">
            {state.recent.map((event) => (
              <li key={String(event.seq)} className="text-sm">
                <Time value={event.at} /> · {event.actorName} · {event.action.replace("entry.", "").replace("change.", "change ")} {event.entityType ? describe(event.entityType as never).label.toLowerCase() : ""} of{" "}
                {event.systemId && names.get(event.systemId) ? <Link href={`/systems/${names.get(event.systemId)!.slug}`}>{names.get(event.systemId)!.name}</Link> : "a system"}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
