import type { ChangeKind, ChangeStatus, EntityType } from "@/lib/generated/prisma/enums";
import { describe } from "@/lib/entries";
import { Badge } from "@/components/ui/badge";

// Small pieces shared by /approvals, a request's page and the notice on an entry's page.

const STATUS: Record<ChangeStatus, { label: string; tone: "neutral" | "warn" | "danger" | "ok" }> = {
  PENDING: { label: "Waiting for approval", tone: "warn" },
  OVERRIDDEN: { label: "Applied by override, awaiting approval", tone: "danger" },
  APPROVED: { label: "Approved", tone: "ok" },
  REJECTED: { label: "Rejected", tone: "danger" },
  WITHDRAWN: { label: "Withdrawn", tone: "neutral" },
};

export function ChangeStatusBadge({ status }: { status: ChangeStatus }) {
  return <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>;
}

export const KIND_LABEL: Record<ChangeKind, string> = { CREATE: "New entry", UPDATE: "Edit", DELETE: "Deletion", RESTORE: "Restore" };

/** What a request does to what: "New procedure", "Edit of failure mode", "Deletion of system". */
export function changeLabel(kind: ChangeKind, entityType: EntityType): string {
  const label = describe(entityType).label.toLowerCase();
  return kind === "CREATE" ? `New ${label}` : `${KIND_LABEL[kind]} of ${label}`;
}
