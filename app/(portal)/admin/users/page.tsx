import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { listUsers } from "@/lib/data/users";
import { countLiveSessions } from "@/lib/auth/sessions";
import { ROLE_LABELS } from "@/lib/validation/user";
import { PageHeader } from "@/components/page-header";
import { ForbiddenNotice } from "@/components/forbidden-notice";
import { Badge } from "@/components/ui/badge";
import { AccessForm, AddUserForm, SignOutEverywhereForm } from "./user-forms";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export const metadata: Metadata = { title: "Users" };

/** How a person signs in: through the identity provider, with a password, or both (a linked local account). */
function signInMethod(u: { singleSignOn: boolean; password: boolean }) {
  if (u.singleSignOn && u.password) return "Single sign-on and password";
  return u.singleSignOn ? "Single sign-on" : "Password";
}

export default async function UsersPage() {
  const user = await requireUser();
  if (!hasRole(user, "ADMIN")) return <ForbiddenNotice needed="admin" what="manage users" />;
  const [users, sessions] = await Promise.all([listUsers(user), countLiveSessions(user)]);
  return (
    <div className="space-y-8">
      <PageHeader title="Users" description="Viewers read; editors create, edit and restore; admins also manage users." />
      <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Email</TableHead>
              <TableHead>Role</TableHead>
              <TableHead>Access</TableHead>
              <TableHead>Sessions</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {users.map((u) => (
              <TableRow key={u.id}>
                <TableHead scope="row" className="font-semibold">
                  {u.name} {u.disabled ? <Badge tone="danger">disabled</Badge> : null} {u.id === user.id ? <Badge>you</Badge> : null}
                  <span className="block text-xs font-normal text-slate-600">{signInMethod(u)}</span>
                </TableHead>
                <TableCell>
                  {u.email}
                  <Link href={`/admin/users/${u.id}/history`} className="ml-2 text-xs" aria-label={`History of ${u.name}’s account`}>
                    History
                  </Link>
                </TableCell>
                <TableCell>{ROLE_LABELS[u.role]}</TableCell>
                <TableCell>
                  <AccessForm userId={u.id} name={u.name} role={u.role} disabled={u.disabled} version={u.version} isSelf={u.id === user.id} />
                </TableCell>
                <TableCell>
                  <SignOutEverywhereForm userId={u.id} name={u.name} sessions={sessions.get(u.id) ?? 0} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <section aria-labelledby="add-user" className="space-y-2">
        <h2 id="add-user" className="text-xl font-bold">Add a user</h2>
        <AddUserForm />
      </section>
    </div>
  );
}
