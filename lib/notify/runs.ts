import { db } from "@/lib/db";
import { portalLink } from "./mail";
import { queueToDestinations } from "./destinations";

// "Incident run started / ended on a system": at once, to the destinations of the system's
// team (and those for every system) that get run events. The job (notify:run) was added
// in the transaction that started or ended the run; this queues one post per destination.

export async function announceRun(runId: string, event: "started" | "ended") {
  const run = await db.run.findUnique({
    where: { id: runId },
    select: { id: true, kind: true, systemId: true, incidentRef: true, status: true, summary: true, startedByName: true, endedByName: true, procedure: { select: { title: true, system: { select: { slug: true, name: true } } } } },
  });
  if (!run || run.kind !== "INCIDENT") return 0;
  const system = run.procedure.system;
  const incident = run.incidentRef ? `${run.incidentRef}: ` : "";
  const title =
    event === "started"
      ? `${incident}${run.startedByName} started “${run.procedure.title}” on ${system.name}`
      : `${incident}“${run.procedure.title}” on ${system.name} ended: ${run.status.toLowerCase().replace(/_/g, " ")}`;
  const lines = event === "ended" && run.summary ? [`${run.endedByName ?? "Someone"}: ${run.summary}`] : [`Follow the run live in the portal.`];
  return db.$transaction((tx) =>
    queueToDestinations(tx, "run", run.systemId, {
      type: event === "started" ? "incident_run.started" : "incident_run.ended",
      title,
      lines,
      link: { label: "Open the run", url: portalLink(`/runs/${run.id}`) },
      data: { runId: run.id, incidentRef: run.incidentRef, system: { slug: system.slug, name: system.name }, procedure: run.procedure.title, status: run.status },
    }),
  );
}
