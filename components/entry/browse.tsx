import { cacheThisPage } from "@/lib/http/request-context";
import { showsEverything } from "@/lib/data/cache-tags";
import type { ReactNode } from "react";
import Link from "@/components/ui/link";
import { PageHeader } from "@/components/page-header";
import { ButtonLink } from "@/components/ui/button";
import { Pagination } from "@/components/ui/pagination";
import { TableCell } from "@/components/ui/table";
import type { SystemOption } from "@/lib/data/common";

// The frame of every browse page: title, a GET filter form that fits the type, the
// table or an empty state that says why it is empty.

export type BrowseQuery = { q?: string; system?: string; deleted?: string; page?: string; [extra: string]: string | undefined };

export type ExtraFilter = { name: string; label: string; options: { value: string; label: string }[] };

export type BrowseProps = {
  title: string;
  description: string;
  segment: string;
  query: BrowseQuery;
  placeholder: string;
  /** the systems to filter by: all of them, or (past a hundred) those on this page and the chosen one */
  systems?: { options: SystemOption[]; all: boolean };
  extra?: ExtraFilter | ExtraFilter[];
  /** where this page is in the whole list */
  list: { total: number; page: number; pages: number; size: number };
  newHref?: string;
  newLabel?: string;
  emptyText: ReactNode;
  children: ReactNode;
};

const control = "rounded-md border border-slate-400 bg-white px-3 py-2 text-sm";

export function Browse({ title, description, segment, query, placeholder, systems, extra: extraFilters, list, newHref, newLabel, emptyText, children }: BrowseProps) {
  // Kept by the page cache until the next write to runbook data (lib/server/page-cache.ts).
  cacheThisPage();
  showsEverything();
  const extras = extraFilters ? (Array.isArray(extraFilters) ? extraFilters : [extraFilters]) : [];
  const count = list.total;
  const filtered = !!(query.q || query.system || query.deleted || extras.some((extra) => query[extra.name]));
  return (
    <>
      <PageHeader title={title} description={description} actions={newHref ? <ButtonLink href={newHref} variant="primary">{newLabel}</ButtonLink> : null} />
      <form method="get" role="search" aria-label={`Filter ${title.toLowerCase()}`} className="mb-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="filter-q" className="block text-sm font-semibold">Filter</label>
          <input id="filter-q" name="q" type="search" defaultValue={query.q ?? ""} placeholder={placeholder} className={`w-72 ${control}`} />
        </div>
        {systems ? (
          <div>
            <label htmlFor="filter-system" className="block text-sm font-semibold">
              System{systems.all ? null : <span className="font-normal text-slate-600"> (on this page)</span>}
            </label>
            <select id="filter-system" name="system" defaultValue={query.system ?? ""} className={control}>
              <option value="">All systems</option>
              {systems.options.map((s) => (
                <option key={s.id} value={s.id}>{s.name}</option>
              ))}
            </select>
          </div>
        ) : null}
        {extras.map((extra) => (
          <div key={extra.name}>
            <label htmlFor={`filter-${extra.name}`} className="block text-sm font-semibold">{extra.label}</label>
            <select id={`filter-${extra.name}`} name={extra.name} defaultValue={query[extra.name] ?? ""} className={control}>
              <option value="">Any</option>
              {extra.options.map((o) => (
                <option key={o.value} value={o.value}>{o.label}</option>
              ))}
            </select>
          </div>
        ))}
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="deleted" value="1" defaultChecked={query.deleted === "1"} /> Show deleted
        </label>
        <button type="submit" className="rounded-md border border-slate-400 bg-white px-3 py-2 text-sm font-semibold hover:bg-slate-100">Apply</button>
        {filtered ? <Link href={`/${segment}`} className="self-center text-sm">Clear</Link> : null}
      </form>
      <p className="mb-2 text-sm text-slate-600">{count === 1 ? "1 entry" : `${count.toLocaleString("en")} entries`}</p>
      {count === 0 ? (
        <p className="rounded-lg border border-slate-300 bg-white p-6 text-slate-700">{filtered ? "Nothing matches these filters." : emptyText}</p>
      ) : (
        <>
          <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">{children}</div>
          {list.pages > 1 ? (
            <Pagination noun="entries" singular="entry" total={list.total} page={list.page} pages={list.pages} size={list.size} path={`/${segment}`} params={{ ...query, page: undefined }} />
          ) : null}
        </>
      )}
    </>
  );
}

export function SystemCell({ system }: { system: { slug: string; name: string; deletedAt: Date | null } }) {
  return (
    <TableCell>
      <Link href={`/systems/${system.slug}`}>{system.name}</Link>
    </TableCell>
  );
}

/** Narrows a query string value to one of `values`, or undefined. */
export function oneOf<T extends string>(value: string | undefined, values: readonly T[]): T | undefined {
  return values.includes(value as T) ? (value as T) : undefined;
}
