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

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await requireUser();
  if (!hasRole(user, "ADMIN")) return <ForbiddenNotice needed="admin" what="manage users" />;
  const [users, sessions] = await Promise.all([listUsers(user), countLiveSessions(user)]);
  return (
    <div className="space-y-8">
      <PageHeader title="Users" description="Viewers read; editors create, edit and restore; admins also manage users." />
      <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-100 text-xs uppercase tracking-wide text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2">Name</th>
              <th scope="col" className="px-3 py-2">Email</th>
              <th scope="col" className="px-3 py-2">Role</th>
              <th scope="col" className="px-3 py-2">Access</th>
              <th scope="col" className="px-3 py-2">Sessions</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {users.map((u) => (
              <tr key={u.id}>
                <th scope="row" className="px-3 py-2 font-semibold">
                  {u.name} {u.disabled ? <Badge tone="danger">disabled</Badge> : null} {u.id === user.id ? <Badge>you</Badge> : null}
                </th>
                <td className="px-3 py-2">
                  {u.email}
                  <Link href={`/admin/users/${u.id}/history`} className="ml-2 text-xs" aria-label={`History of ${u.name}’s account`}>
                    History
                  </Link>
                </td>
                <td className="px-3 py-2">{ROLE_LABELS[u.role]}</td>
                <td className="px-3 py-2">
                  <AccessForm userId={u.id} name={u.name} role={u.role} disabled={u.disabled} version={u.version} isSelf={u.id === user.id} />
                </td>
                <td className="px-3 py-2">
                  <SignOutEverywhereForm userId={u.id} name={u.name} sessions={sessions.get(u.id) ?? 0} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section aria-labelledby="add-user" className="space-y-2">
        <h2 id="add-user" className="text-xl font-bold">Add a user</h2>
        <AddUserForm />
      </section>
    </div>
  );
}
