import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { listTeams } from "@/lib/teams/teams";
import { PageHeader } from "@/components/page-header";
import { ButtonLink } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage() {
  const user = await requireUser();
  const teams = await listTeams();
  return (
    <div className="space-y-6">
      <PageHeader
        title="Teams"
        description="The teams that own systems: their members, and the runbooks they keep. A team is a contact of kind “Team”; its members come from the identity provider's groups or are added by an admin."
        actions={hasRole(user, "EDITOR") ? <ButtonLink href="/contacts/new">New contact</ButtonLink> : null}
      />
      {teams.length === 0 ? (
        <p className="rounded-lg border border-slate-300 bg-white p-4">
          No teams yet. Add a contact of kind “Team” and make it the owner of its systems; its members then see those systems first on their dashboard.
        </p>
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Team</TableHead>
                <TableHead className="text-right">Members</TableHead>
                <TableHead className="text-right">Owns</TableHead>
                <TableHead className="text-right">Backs up</TableHead>
                <TableHead>Group at the identity provider</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {teams.map((team) => (
                <TableRow key={team.id}>
                  <TableHead scope="row">
                    <Link href={`/teams/${team.key}`}>{team.name}</Link>
                  </TableHead>
                  <TableCell className="text-right">{team._count.members}</TableCell>
                  <TableCell className="text-right">{team._count.ownedSystems}</TableCell>
                  <TableCell className="text-right">{team._count.backedUpSystems}</TableCell>
                  <TableCell className="font-mono text-sm">{team.providerGroup || "—"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </div>
  );
}
