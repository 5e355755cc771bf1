import type { Metadata } from "next";
import { cacheThisPage } from "@/lib/http/request-context";
import { showsEverything } from "@/lib/data/cache-tags";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { listSystemsPage } from "@/lib/data/systems";
import { pageNumber } from "@/lib/validation/common";
import { Pagination } from "@/components/ui/pagination";
import { PageHeader } from "@/components/page-header";
import { ButtonLink } from "@/components/ui/button";
import { SystemsTable } from "./systems-table";

export const metadata: Metadata = { title: "Systems" };

type Props = { searchParams: Promise<{ q?: string; deleted?: string; page?: string }> };

export default async function SystemsPage({ searchParams }: Props) {
  // Kept by the page cache until the next write to runbook data (lib/server/page-cache.ts).
  cacheThisPage();
  showsEverything();
  const [{ q = "", deleted, page }, user] = await Promise.all([searchParams, requireUser()]);
  const list = await listSystemsPage({ q, showDeleted: deleted === "1" }, pageNumber.parse(page));
  const systems = list.rows;
  return (
    <>
      <PageHeader
        title="Systems"
        description="Every system with a runbook: who owns it, how critical it is, and whether its runbook is current."
        actions={hasRole(user, "EDITOR") ? <ButtonLink href="/systems/new" variant="primary">New system</ButtonLink> : null}
      />
      <form method="get" role="search" aria-label="Filter systems" className="mb-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="filter-q" className="block text-sm font-semibold">Filter</label>
          <input id="filter-q" name="q" type="search" defaultValue={q} placeholder="Name, slug, purpose or owner" className="w-72 rounded-md border border-slate-400 bg-white px-3 py-2 text-sm" />
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="deleted" value="1" defaultChecked={deleted === "1"} /> Show deleted
        </label>
        <button type="submit" className="rounded-md border border-slate-400 bg-white px-3 py-2 text-sm font-semibold hover:bg-slate-100">Apply</button>
        {q || deleted ? <Link href="/systems" className="self-center text-sm">Clear</Link> : null}
      </form>
      {systems.length === 0 ? (
        <p className="rounded-lg border border-slate-300 bg-white p-6 text-slate-700">
          {q ? `No system matches “${q}”.` : "No systems yet."} {hasRole(user, "EDITOR") && !q ? <Link href="/systems/new">Create the first one.</Link> : null}
        </p>
      ) : (
        <>
          <SystemsTable systems={systems} />
          <Pagination noun="systems" singular="system" page={list.page} pages={list.pages} size={list.size} total={list.total} path="/systems" params={{ q: q || undefined, deleted: deleted === "1" ? "1" : undefined }} />
        </>
      )}
    </>
  );
}
