import type { Metadata } from "next";
import { notFound } from "next/navigation";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { listActivePeople } from "@/lib/data/users";
import { getTeam, stateOfSystems, systemsOf } from "@/lib/teams/teams";
import { ROLE_LABELS } from "@/lib/validation/user";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TeamSystems } from "@/components/teams/team-systems";
import { teamMemberAction } from "./actions";
import { AddMemberForm, RemoveMemberForm } from "./member-forms";

type Props = { params: Promise<{ key: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const team = await getTeam((await params).key);
  return { title: team?.name ?? "Not found" };
}

export default async function TeamPage({ params }: Props) {
  const [user, { key }] = await Promise.all([requireUser(), params]);
  const team = await getTeam(key);
  if (!team || team.deletedAt) notFound();
  const admin = hasRole(user, "ADMIN");
  const systems = systemsOf(team);
  const memberIds = new Set(team.members.map((member) => member.user.id));
  const [state, people] = await Promise.all([
    stateOfSystems(systems.map((system) => system.id)),
    admin ? listActivePeople(user) : [],
  ]);
  return (
    <article className="space-y-8">
      <PageHeader
        eyebrow={
          <span className="flex flex-wrap items-center gap-2">
            <Link href="/teams">Teams</Link>
            <Badge>Team</Badge>
          </span>
        }
        title={team.name}
        description={team.role || null}
        actions={
          <>
            {hasRole(user, "EDITOR") ? <ButtonLink href={`/contacts/${team.id}/edit`}>Edit</ButtonLink> : null}
            <ButtonLink href={`/contacts/${team.id}/history`}>History</ButtonLink>
          </>
        }
      />
      <section aria-labelledby="members" className="space-y-3">
        <h2 id="members" className="text-xl font-bold">Members</h2>
        <p className="text-sm text-slate-700">
          {team.providerGroup
            ? <>Filled from the identity provider’s group <code>{team.providerGroup}</code> at each sign-in; people an admin adds here stay until removed.</>
            : "People an admin added here, and people the identity provider puts in this team's group at sign-in."}
        </p>
        {team.members.length === 0 ? (
          <p className="text-slate-600">No members yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Email</TableHead>
                  <TableHead>Role</TableHead>
                  <TableHead>From</TableHead>
                  {admin ? <TableHead><span className="sr-only">Remove</span></TableHead> : null}
                </TableRow>
              </TableHeader>
              <TableBody>
                {team.members.map(({ user: member, fromProvider }) => (
                  <TableRow key={member.id}>
                    <TableHead scope="row">{member.name}</TableHead>
                    <TableCell>{member.email}</TableCell>
                    <TableCell>{ROLE_LABELS[member.role]}{member.disabled ? " (disabled)" : ""}</TableCell>
                    <TableCell>{fromProvider ? "Identity provider" : "Added by an admin"}</TableCell>
                    {admin ? (
                      <TableCell>
                        <RemoveMemberForm action={teamMemberAction.bind(null, "remove")} contactId={team.id} userId={member.id} name={member.name} />
                      </TableCell>
                    ) : null}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
        {admin ? (
          <AddMemberForm
            action={teamMemberAction.bind(null, "add")}
            contactId={team.id}
            people={people.filter((person) => !memberIds.has(person.id)).map((person) => ({ id: person.id, label: `${person.name} (${person.email})` }))}
          />
        ) : null}
      </section>
      <section aria-labelledby="systems" className="space-y-3">
        <h2 id="systems" className="text-xl font-bold">Systems</h2>
        <TeamSystems systems={systems} state={state} headingLevel={3} />
      </section>
    </article>
  );
}
