import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { ROLE_LABELS } from "@/lib/validation/user";
import { SignOutButton } from "@/components/sign-out-button";
import { HeaderSearch } from "@/components/search/header-search";
import { ENTITIES, ENTRY_TYPE_LIST, type EntryType } from "@/lib/entries";

const ENTRY_LABELS = Object.fromEntries(ENTRY_TYPE_LIST.map((type) => [type, ENTITIES[type].label])) as Record<EntryType, string>;

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
        Skip to content
      </a>
      <header className="no-print border-b border-slate-300 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/" className="text-lg font-bold tracking-tight text-slate-950 no-underline">
            Runbook Portal
          </Link>
          <nav aria-label="Main" className="flex flex-wrap gap-4 text-sm font-medium">
            <Link href="/">Dashboard</Link>
            <Link href="/systems">Systems</Link>
            <Link href="/failure-modes">Failure modes</Link>
            <Link href="/procedures">Procedures</Link>
            <Link href="/escalation-levels">Escalation</Link>
            <Link href="/dependencies">Dependencies</Link>
            <Link href="/contacts">Contacts</Link>
            <Link href="/runs">Runs</Link>
            <Link href="/readiness">Readiness</Link>
            <Link href="/approvals">Approvals</Link>
            <Link href="/coverage">Coverage</Link>
            <Link href="/export">Export</Link>
            {hasRole(user, "EDITOR") ? <Link href="/import">Import</Link> : null}
            {hasRole(user, "ADMIN") ? <Link href="/admin/users">Users</Link> : null}
            {hasRole(user, "ADMIN") ? <Link href="/audit">Audit log</Link> : null}
          </nav>
          <HeaderSearch labels={ENTRY_LABELS} />
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span className="text-slate-700">
              {user.name} <span className="text-slate-500">· {ROLE_LABELS[user.role]}</span>
            </span>
            <Link href="/settings/tokens">API tokens</Link>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {children}
      </main>
    </>
  );
}
