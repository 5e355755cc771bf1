import "server-only";
import { ENTITIES, isEntryType } from "@/lib/entries";
import { assertRole, type Actor } from "@/lib/auth/roles";
import { updateEntity } from "@/lib/entries/write";

// The approval policy of a system is a governance setting: only an admin turns it on or
// off (an editor could otherwise switch off the review of their own change). Turning it on
// applies at once (a revision of the system and a "settings.changed" event). Turning it off
// is itself a change behind the gate: it waits for a second admin's approval, or is applied
// by the admin's emergency override (change.overridden), like any other gated change, so
// "off, edit, on" can no longer land a change nobody else saw.

export async function setApprovalPolicy(actor: Actor, systemId: string, expectedVersion: number, on: boolean, reason: string) {
  assertRole(actor, "ADMIN");
  const changeNote = `${on ? "Changes need approval from now on" : "Changes no longer need approval"}${reason ? `: ${reason}` : ""}`.slice(0, 500);
  if (!on) return updateEntity(actor, "SYSTEM", systemId, expectedVersion, { changesNeedApproval: false }, { changeNote });
  return updateEntity(
    actor,
    "SYSTEM",
    systemId,
    expectedVersion,
    { changesNeedApproval: true },
    { changeNote, audit: { action: "settings.changed", detail: { setting: "changesNeedApproval", value: true } } },
    { approval: { ungated: true } },
  );
}

/** Whether a change request turns its system's approval policy off: only another admin approves that. */
export function turnsApprovalOff(request: { entityType: string; proposed: unknown }, live: object | null): boolean {
  const policy = isEntryType(request.entityType) ? ENTITIES[request.entityType].approvalPolicy : undefined;
  return !!policy && (request.proposed as Record<string, unknown>)[policy] === false && (live as Record<string, unknown> | null)?.[policy] === true;
}
