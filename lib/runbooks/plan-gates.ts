import { db } from "@/lib/db";
import { ENTITIES, type EntryType } from "@/lib/entries";
import { gatesByName, guardedAlerts } from "@/lib/approvals/policy";
import type { ImportProblem } from "./read";
import { refKey, type PlannedEntry } from "./plan";

// An import's preview says which of its changes will wait for approval, before anything
// is written, by the same rules as the writer's gate (lib/approvals/policy.ts).

/**
 * Marks what will wait for approval (lib/approvals): updates and deletions of gated
 * entries, new entries of gated systems. A new procedure waits, so an entry of the same
 * import cannot link it yet: that is a problem of the files, said before anything is written.
 */
export async function markGated(entries: PlannedEntry[], problems: ImportProblem[]) {
  const changing = entries.filter((e) => e.status === "update" || e.status === "delete" || (e.status === "create" && e.ref.system));
  if (changing.length === 0) return;
  // A system is named by its slug; its entries by their system's.
  const systemOf = (e: PlannedEntry) => (ENTITIES[e.ref.type].address === "slug" ? e.ref.name : (e.ref.system ?? ""));
  const gates = await gatesByName(db, changing.map(systemOf), changing.filter((e) => ENTITIES[e.ref.type].ownGate && e.id).map((e) => e.id!));
  for (const entry of changing) if (gates.systems.has(systemOf(entry)) || (entry.id && gates.procedures.has(entry.id))) entry.needsApproval = true;
  // A failure mode that would newly list an alert a gated system's failure mode lists waits too (policy.ts, alertNameGates).
  const newNames = (e: PlannedEntry) => {
    const change = e.changes.find((c) => c.key === "alertNames");
    if (!ENTITIES[e.ref.type].fields.alertNames || e.status === "delete" || (e.status === "update" && !change)) return [];
    const before = new Set(e.status === "update" ? ([] as unknown[]).concat(change!.before ?? []).map((n) => String(n).toLowerCase()) : []);
    return ([] as unknown[]).concat(e.entry.alertNames ?? []).map((n) => String(n).toLowerCase()).filter((n) => !before.has(n));
  };
  const guarded = await guardedAlerts(db, changing.flatMap(newNames));
  for (const entry of changing) if (newNames(entry).some((name) => (guarded.get(name) ?? []).some((system) => system.slug !== systemOf(entry)))) entry.needsApproval = true;
  // A new entry that waits cannot be linked by another waiting change: approving the link first would leave it dangling.
  const waitingNew = new Set(changing.filter((e) => e.status === "create" && e.needsApproval).map((e) => refKey(e.ref)));
  for (const entry of changing) {
    if (entry.status === "delete" || !entry.needsApproval) continue;
    for (const reference of ENTITIES[entry.ref.type].references.filter((r) => r.sameSystem)) {
      const linked = ([] as unknown[]).concat(entry.entry[reference.fileName] ?? []).map(String);
      const waiting = linked.filter((key) => waitingNew.has(refKey({ type: reference.to as EntryType, name: key, system: entry.ref.system })));
      if (waiting.length) {
        problems.push({
          file: entry.file,
          where: entry.where,
          message: `Links ${waiting.join(", ")}, new in this import in a system that needs approval: new ${ENTITIES[reference.to].plural.toLowerCase()} wait for approval, so import them first, have them approved, then link them`,
        });
      }
    }
  }
}
