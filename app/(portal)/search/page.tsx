import { cacheThisPage } from "@/lib/http/request-context";
import { showsEverything } from "@/lib/data/cache-tags";
import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { search } from "@/lib/search";
import { systemOptionsFor } from "@/lib/data/common";
import { searchQuerySchema } from "@/lib/validation/search";
import { SEVERITY_LABELS } from "@/lib/validation/failure-mode";
import { PageHeader } from "@/components/page-header";
import { Badge, SeverityBadge } from "@/components/ui/badge";
import { Snippet } from "@/components/search/snippet";
import { ENTITIES, ENTRY_TYPE_LIST, entryHref } from "@/lib/entries";
import { findIncident } from "@/lib/runs/incidents";
import { RunList } from "@/components/runs/run-parts";

type Props = { searchParams: Promise<Record<string, string | undefined>> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const { q } = searchQuerySchema.parse(await searchParams);
  return { title: q ? `Search: ${q}` : "Search" };
}

const control = "rounded-md border border-slate-400 bg-white px-3 py-2 text-sm";

export default async function SearchPage({ searchParams }: Props) {
  // Kept by the page cache until the next write to runbook data (lib/server/page-cache.ts).
  cacheThisPage();
  showsEverything();
  const [raw] = await Promise.all([searchParams, requireUser()]);
  const query = searchQuerySchema.parse(raw);
  const [result, incident] = query.q
    ? await Promise.all([search({ q: query.q, types: query.type ? [query.type] : undefined, systemId: query.system, severity: query.severity, limit: 50 }), findIncident(query.q)])
    : [null, null];
  const systems = await systemOptionsFor([query.system, ...(result?.hits.map((hit) => hit.systemId) ?? [])]);
  const filtered = !!(query.type || query.system || query.severity);

  return (
    <>
      <PageHeader title="Search" description="Alert names, error messages from logs, hostnames, commands, people: every runbook entry." />
      <form method="get" role="search" aria-label="Search every runbook" className="mb-6 flex flex-wrap items-end gap-3">
        <div className="min-w-72 flex-1">
          <label htmlFor="search-q" className="block text-sm font-semibold">Search for</label>
          <input id="search-q" name="q" type="search" defaultValue={query.q} placeholder="e.g. InvoiceParserTimeout, 429, ConditionalCheckFailedException" className={`w-full ${control}`} />
        </div>
        <div>
          <label htmlFor="search-type" className="block text-sm font-semibold">Type</label>
          <select id="search-type" name="type" defaultValue={query.type ?? ""} className={control}>
            <option value="">All types</option>
            {ENTRY_TYPE_LIST.map((type) => ENTITIES[type]).map((info) => (
              <option key={info.type} value={info.type}>{info.plural}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="search-system" className="block text-sm font-semibold">
            System{systems.all ? null : <span className="font-normal text-slate-600"> (of these results)</span>}
          </label>
          <select id="search-system" name="system" defaultValue={query.system ?? ""} className={control}>
            <option value="">All systems</option>
            {systems.options.map((s) => (
              <option key={s.id} value={s.id}>{s.name}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="search-severity" className="block text-sm font-semibold">Severity</label>
          <select id="search-severity" name="severity" defaultValue={query.severity ?? ""} className={control}>
            <option value="">Any</option>
            {Object.entries(SEVERITY_LABELS).map(([value, label]) => (
              <option key={value} value={value}>{label}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="rounded-md bg-blue-800 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-900">Search</button>
      </form>

      {incident ? (
        <section aria-labelledby="incident-heading" className="mb-6 space-y-2 rounded-lg border border-amber-400 bg-amber-50 p-3">
          <h2 id="incident-heading" className="text-lg font-bold">
            Incident <Link href={`/incidents/${encodeURIComponent(incident.ref)}`}>{incident.ref}</Link>
          </h2>
          <p className="text-sm">
            {incident.runs.length} run{incident.runs.length === 1 ? "" : "s"} and {incident.changes} change{incident.changes === 1 ? "" : "s"} name it.{" "}
            <Link href={`/incidents/${encodeURIComponent(incident.ref)}`}>Its timeline →</Link>
          </p>
          {incident.runs.length ? <RunList runs={incident.runs} empty="" /> : null}
        </section>
      ) : null}
      {!result ? (
        <p className="text-slate-700">Type what you have: the alert’s name, a line from the log, a hostname. Press <kbd className="rounded border border-slate-400 bg-white px-1">/</kbd> on any page to search from there.</p>
      ) : (
        <section aria-labelledby="results-heading" className="space-y-3">
          <h2 id="results-heading" className="text-lg font-bold">
            {result.hits.length === 0 ? "No results" : `${result.hits.length === 50 ? "Top 50" : result.hits.length} result${result.hits.length === 1 ? "" : "s"}`} for “{query.q}”
          </h2>
          {result.correctedQuery ? (
            <p role="status" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm">
              Including results for <strong>“{result.correctedQuery}”</strong>.
            </p>
          ) : null}
          {result.hits.length === 0 ? (
            <div className="rounded-lg border border-slate-300 bg-white p-4 text-slate-700">
              <p>Nothing in any runbook matches {filtered ? "with these filters" : "these words"}.</p>
              <ul className="mt-2 list-disc pl-5 text-sm">
                {filtered ? <li><Link href={`/search?q=${encodeURIComponent(query.q)}`}>Search all types and systems</Link></li> : null}
                <li>Try fewer words, or a distinctive part of the error message.</li>
                <li>If this is a new failure, write it down afterwards so the next person finds it.</li>
              </ul>
            </div>
          ) : (
            <ol className="space-y-2">
              {result.hits.map((hit) => (
                <li key={`${hit.type}-${hit.id}`} className="rounded-lg border border-slate-300 bg-white p-3">
                  <div className="flex flex-wrap items-center gap-2">
                    <Badge>{ENTITIES[hit.type].label}</Badge>
                    {hit.severity ? <SeverityBadge severity={hit.severity} /> : null}
                    <Link href={entryHref(hit.type, hit.id, hit.systemSlug)} className="font-semibold">{hit.title}</Link>
                    {hit.systemName && ENTITIES[hit.type].ofSystem ? <span className="text-sm text-slate-600">· {hit.systemName}</span> : null}
                  </div>
                  {hit.snippet ? <p className="mt-1 text-sm text-slate-800"><Snippet text={hit.snippet} /></p> : null}
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
    </>
  );
}
