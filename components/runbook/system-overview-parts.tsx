import type { ReactNode } from "react";
import Link from "@/components/ui/link";
import { Time } from "@/components/time";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import type { SystemOverview } from "@/lib/data/systems";
import { DEPENDENCY_KIND_LABELS } from "@/lib/validation/dependency";
import { Markdown } from "@/components/markdown";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

// The pieces of a system's overview page (app/(portal)/systems/[slug]/page.tsx): its
// sections' frame, the review badge, the components and dependencies tables, the download menu.

export function Section({ id, title, children, count, add }: { id: string; title: string; children: ReactNode; count?: number; add?: { href: string; label: string } | null }) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <div className="flex flex-wrap items-end gap-3 border-b border-slate-300 pb-1">
        <h2 id={id} className="text-xl font-bold">
          {title}
          {count !== undefined ? <span className="ml-2 text-base font-normal text-slate-600">({count})</span> : null}
        </h2>
        {add ? <Link href={add.href} className="no-print ml-auto text-sm font-semibold">+ {add.label}</Link> : null}
      </div>
      {children}
    </section>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="text-slate-600">{children}</p>;
}

export function ReviewBadge({ system }: { system: SystemOverview }) {
  if (system.review.state === "never") return <Badge tone="warn">never reviewed</Badge>;
  if (system.review.state === "overdue") return <Badge tone="danger">review overdue by {system.review.daysOverdue} days</Badge>;
  return (
    <Badge tone="ok">
      reviewed <Time value={system.lastReviewedAt} />
    </Badge>
  );
}

export function ComponentsTable({ components }: { components: { kind: string; name: string; identifier: string }[] }) {
  if (components.length === 0) return null;
  return (
    <div>
      <h3 className="font-semibold">Components</h3>
      <Table className="mt-1">
        <TableHeader variant="compact">
          <TableRow>
            <TableHead variant="compact" className="pr-3">Kind</TableHead>
            <TableHead variant="compact" className="pr-3">Name</TableHead>
            <TableHead variant="compact">Identifier</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {components.map((component, index) => (
            <TableRow key={index}>
              <TableCell variant="compact" className="pr-3">{component.kind}</TableCell>
              <TableCell variant="compact" className="pr-3">{component.name}</TableCell>
              <TableCell variant="compact" className="font-mono">{component.identifier}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

export function DependenciesTable({ dependencies }: { dependencies: SystemOverview["dependencies"] }) {
  if (dependencies.length === 0) return null;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Dependency</TableHead>
          <TableHead>Used for</TableHead>
          <TableHead>How it fails</TableHead>
          <TableHead>Impact</TableHead>
          <TableHead>Mitigation</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody className="align-top">
        {dependencies.map((dep) => (
          <TableRow key={dep.id}>
            <TableHead scope="row" className="font-semibold">
              <Link href={`/dependencies/${dep.id}`}>{dep.name}</Link>
              <div className="text-xs font-normal text-slate-600">{DEPENDENCY_KIND_LABELS[dep.kind]}</div>
              {dep.dependsOnSystem && !dep.dependsOnSystem.deletedAt ? (
                <Link href={`/systems/${dep.dependsOnSystem.slug}`} className="text-xs font-normal">{dep.dependsOnSystem.name}</Link>
              ) : null}
            </TableHead>
            <TableCell><Markdown>{dep.usedFor}</Markdown></TableCell>
            <TableCell><Markdown>{dep.failureModes}</Markdown><Markdown className="text-slate-700">{dep.detection}</Markdown></TableCell>
            <TableCell><Markdown>{dep.impact}</Markdown></TableCell>
            <TableCell><Markdown>{dep.mitigation}</Markdown></TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Files to download, not pages: plain links, in a disclosure that works without scripts. */
export function DownloadMenu({ slug }: { slug: string }) {
  return (
    <details className="relative" data-menu>
      <summary className={buttonClass("secondary", "cursor-pointer list-none [&::-webkit-details-marker]:hidden")}>
        Download <span aria-hidden className="text-xs">▾</span>
      </summary>
      <div className="absolute right-0 z-40 mt-1 w-72 rounded-md border border-slate-300 bg-white py-1 text-sm shadow-lg">
        <a href={`/systems/${slug}/export`} download className="block px-3 py-2 font-medium no-underline hover:bg-slate-100">
          Export YAML <span className="block text-xs font-normal text-slate-600">this system as a runbook file</span>
        </a>
        <a href={`/systems/${slug}?format=md`} download={`${slug}.md`} className="block px-3 py-2 font-medium no-underline hover:bg-slate-100">
          Markdown <span className="block text-xs font-normal text-slate-600">the whole runbook as text, for chat and terminals</span>
        </a>
        <a href={`/systems/${slug}/catalog-info.yaml`} download className="block px-3 py-2 font-medium no-underline hover:bg-slate-100">
          catalog-info.yaml <span className="block text-xs font-normal text-slate-600">a Backstage catalog entity that links to this runbook</span>
        </a>
      </div>
    </details>
  );
}
