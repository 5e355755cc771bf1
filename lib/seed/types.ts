import type { z } from "zod";
import type { systemSchema } from "@/lib/validation/system";
import type {
  contactSchema,
  dependencySchema,
  escalationLevelSchema,
  failureModeSchema,
  procedureSchema,
} from "@/lib/validation/runbook";
import type { PastRun } from "@/lib/runs/runs";

// The shape of the demo runbooks: entities as their forms would submit them, with
// references by key instead of database ids.

export type DemoContact = z.input<typeof contactSchema> & { key: string };

export type DemoSystem = Omit<z.input<typeof systemSchema>, "ownerId" | "backupOwnerId"> & {
  ownerKey?: string;
  backupOwnerKey?: string;
  /** days ago the system was last reviewed, if ever */
  reviewedDaysAgo?: number;
  /** the approval policy (lib/approvals) */
  changesNeedApproval?: boolean;
  dependencies: (Omit<z.input<typeof dependencySchema>, "dependsOnSystemId"> & { dependsOnSlug?: string })[];
  procedures: (z.input<typeof procedureSchema> & { key: string; runs?: DemoRun[] })[];
  failureModes: (Omit<z.input<typeof failureModeSchema>, "procedureIds"> & { procedureKeys?: string[] })[];
  escalationLevels: (Omit<z.input<typeof escalationLevelSchema>, "contactIds"> & { contactKeys?: string[] })[];
};

/** A past run of a demo procedure, `daysAgo` days before the demo is loaded. */
export type DemoRun = Omit<PastRun, "startedAt"> & { daysAgo: number };

export type DemoRunbooks = { contacts: DemoContact[]; systems: DemoSystem[] };
