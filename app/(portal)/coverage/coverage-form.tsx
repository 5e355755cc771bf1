"use client";

import Link from "@/components/ui/link";
import { useActionState } from "react";
import type { CoverageState } from "./actions";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

type Action = (state: CoverageState, formData: FormData) => Promise<CoverageState>;

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name.split("/").pop()!.replace(/^pasted rules$/, "rules.yaml");
  link.click();
  URL.revokeObjectURL(url);
}

const URL_TEXT = { portal: "points here", elsewhere: "points elsewhere", none: "none" } as const;

export function CoverageForm({ action: check }: { action: Action }) {
  const [state, action, pending] = useActionState(check, {} as CoverageState);
  const report = state.report;
  return (
    <div className="space-y-6">
      <form action={action} className="space-y-4 rounded-lg border border-slate-300 bg-white p-5" aria-busy={pending}>
        <div className="space-y-1">
          <label htmlFor="files" className="block text-sm font-semibold">
            Prometheus rules files
          </label>
          <input id="files" name="files" type="file" multiple accept=".yaml,.yml" className="block w-full rounded-md border border-slate-400 bg-white p-2 text-sm" />
        </div>
        <div className="space-y-1">
          <label htmlFor="rules" className="block text-sm font-semibold">
            Or paste rules
          </label>
          <textarea
            id="rules"
            name="rules"
            rows={6}
            wrap="off"
            defaultValue={state.pasted ?? ""}
            key={state.pasted ?? ""}
            placeholder={"groups:\n  - name: example\n    rules:\n      - alert: HighErrorRate\n        expr: …"}
            className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 font-mono text-sm"
          />
        </div>
        {state.message ? (
          <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm font-medium text-red-800">
            {state.message}
          </p>
        ) : null}
        <Button type="submit" disabled={pending}>
          {pending ? "Checking…" : "Check coverage"}
        </Button>
      </form>

      {report ? (
        <section aria-labelledby="report" className="space-y-4">
          <h2 id="report" className="text-xl font-bold">
            Coverage
          </h2>
          {report.problems.length ? (
            <div className="space-y-2 rounded-lg border-2 border-red-400 bg-red-50 p-4">
              <h3 className="font-bold text-red-900">
                {report.problems.length} problem{report.problems.length === 1 ? "" : "s"} in the rules
              </h3>
              <ul className="space-y-1 text-sm">
                {report.problems.map((problem, index) => (
                  <li key={index}>
                    <span className="font-mono text-xs">
                      {problem.file}
                      {problem.where ? `, ${problem.where}` : ""}
                    </span>
                    : {problem.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <p role="status" data-testid="coverage-summary">
            {report.counts.alerts} alert{report.counts.alerts === 1 ? "" : "s"} ({report.counts.rules} rule{report.counts.rules === 1 ? "" : "s"}): {report.counts.covered} with
            a runbook, {report.counts.uncovered} without; {report.counts.pointingHere} with a runbook_url to this portal; {report.counts.stale} stale runbook
            {report.counts.stale === 1 ? "" : "s"}.
          </p>
          {report.alerts.length ? (
            <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>Alert</TableHead>
                    <TableHead>Runbook</TableHead>
                    <TableHead>Rules: severity, for, file · group, runbook_url</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {report.alerts.map((alert) => (
                    <TableRow key={alert.name}>
                      <TableHead scope="row" className="font-mono text-xs font-semibold break-all">
                        {alert.name}
                      </TableHead>
                      <TableCell>
                        {alert.runbooks.length ? (
                          alert.runbooks.map((runbook) => (
                            <Link key={runbook.id} href={`/failure-modes/${runbook.id}`} className="block">
                              {runbook.system}: {runbook.title}
                            </Link>
                          ))
                        ) : (
                          <Badge tone="danger">no runbook</Badge>
                        )}
                      </TableCell>
                      <TableCell>
                        <ul className="space-y-1">
                          {alert.rules.map((rule, index) => (
                            <li key={index} className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-700">
                              <span className="font-semibold text-slate-900">{rule.severity ?? "no severity"}</span>
                              {rule.for ? <span>for {rule.for}</span> : null}
                              <span>
                                {rule.file} · {rule.group}
                              </span>
                              <Badge tone={rule.url === "portal" ? "ok" : rule.url === "elsewhere" ? "warn" : "neutral"}>{URL_TEXT[rule.url]}</Badge>
                            </li>
                          ))}
                        </ul>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          ) : null}
          {report.stale.length ? (
            <div className="space-y-1">
              <h3 className="font-bold">Runbooks whose alerts none of these rules raise</h3>
              <p className="text-sm text-slate-700">Renamed or removed alerts, or rules not in this check.</p>
              <ul className="list-disc pl-6 text-sm">
                {report.stale.map((fm) => (
                  <li key={fm.id}>
                    <Link href={`/failure-modes/${fm.id}`}>
                      {fm.system}: {fm.title}
                    </Link>{" "}
                    <span className="font-mono text-xs">[{fm.alertNames.join(", ")}]</span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {report.patched.length && report.counts.covered ? (
            <div className="space-y-2 rounded-lg border border-slate-300 bg-white p-4">
              <h3 className="font-bold">Rules with runbook links</h3>
              <p className="text-sm text-slate-800">
                The same rules with <code>runbook_url: {state.portal}/alerts/{"{{ $labels.alertname }}"}</code> on every alert that has a runbook; comments and everything else
                as they were.
              </p>
              <div className="flex flex-wrap gap-2">
                {report.patched.map((file) => (
                  <Button key={file.name} variant="secondary" onClick={() => download(file.name, file.text)}>
                    Download {file.name === "pasted rules" ? "rules" : file.name.split("/").pop()}
                  </Button>
                ))}
              </div>
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
