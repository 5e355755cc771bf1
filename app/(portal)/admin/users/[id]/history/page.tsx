import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { getUserIdentity } from "@/lib/data/users";
import { PageHeader } from "@/components/page-header";
import { ForbiddenNotice } from "@/components/forbidden-notice";
import { HistoryView } from "@/components/history/history-view";

export const metadata: Metadata = { title: "Account history" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ from?: string; to?: string; restored?: string }> };

export default async function UserHistoryPage({ params, searchParams }: Props) {
  const [{ id }, query, user] = await Promise.all([params, searchParams, requireUser()]);
  if (!hasRole(user, "ADMIN")) return <ForbiddenNotice needed="admin" what="see account histories" />;
  const account = await getUserIdentity(user, id);
  if (!account) notFound();
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/admin/users">← Users</Link>}
        title={`History of ${account.name}’s account`}
        description="Every change to this account: when it was added, role changes, disabling and enabling."
      />
      <HistoryView type="USER" entityId={account.id} canRestore {...query} />
    </>
  );
}
