import "server-only";
import { assertRole, type Actor } from "@/lib/auth/roles";
import { updateEntity } from "@/lib/history/entities";

// The approval policy of a system is a governance setting: only an admin turns it on or
// off (an editor could otherwise switch off the review of their own change), the change is
// a revision of the system like any other and a "settings.changed" event in the audit log.

export async function setApprovalPolicy(actor: Actor, systemId: string, expectedVersion: number, on: boolean, reason: string) {
  assertRole(actor, "ADMIN");
  const changeNote = `${on ? "Changes need approval from now on" : "Changes no longer need approval"}${reason ? `: ${reason}` : ""}`.slice(0, 500);
  return updateEntity(
    actor,
    "SYSTEM",
    systemId,
    expectedVersion,
    { changesNeedApproval: on },
    { changeNote, audit: { action: "settings.changed", detail: { setting: "changesNeedApproval", value: on } } },
    { approval: { ungated: true } },
  );
}
