import "server-only";
import { assertRole, type Actor } from "@/lib/auth/roles";
import { getEntitySnapshot } from "@/lib/entries/snapshot";
import { NotFoundError } from "@/lib/entries/errors";
import { updateEntity } from "@/lib/entries/write";
import { READINESS_RULES, type ReadinessRuleId } from "./rules";

// An admin marks a readiness check "not applicable" to a system (a batch job with no
// on-call, say), or takes the mark back. The marks are a field of the system, so each
// change is a revision of it, through the one save path, with its reason in history.

type Exception = { rule: ReadinessRuleId; reason: string };

/** Marks `rule` not applicable to the system with `reason`, or (reason null) applicable again. */
export async function setReadinessException(actor: Actor, systemId: string, expectedVersion: number, rule: ReadinessRuleId, reason: string | null) {
  assertRole(actor, "ADMIN");
  const current = await getEntitySnapshot("SYSTEM", systemId);
  if (!current) throw new NotFoundError("SYSTEM", systemId);
  const kept = ((current.snapshot.readinessExceptions as Exception[] | null) ?? []).filter((e) => e.rule !== rule);
  const exceptions = reason === null ? kept : [...kept, { rule, reason }];
  const label = READINESS_RULES[rule];
  const changeNote = reason === null ? `Readiness: "${label}" applies again` : `Readiness: "${label}" marked not applicable: ${reason}`;
  return updateEntity(actor, "SYSTEM", systemId, expectedVersion, { readinessExceptions: exceptions }, { changeNote: changeNote.slice(0, 500) }, { approval: { ungated: true } });
}
