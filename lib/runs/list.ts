import "server-only";
import { db } from "@/lib/db";

const select = { id: true, kind: true, incidentRef: true, status: true, startedAt: true, endedAt: true, startedByName: true, procedure: { select: { title: true } } } as const;

/** Runs still going (someone may need to join one), and the latest ended ones. */
export async function listRecentRuns(take = 30) {
  const [open, ended] = await Promise.all([
    db.run.findMany({ where: { status: "IN_PROGRESS" }, orderBy: { startedAt: "desc" }, take, select }),
    db.run.findMany({ where: { status: { not: "IN_PROGRESS" } }, orderBy: { endedAt: "desc" }, take, select }),
  ]);
  return { open, ended };
}
