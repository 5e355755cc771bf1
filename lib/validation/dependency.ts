import { z } from "zod";
import { DependencyKind } from "@/lib/generated/prisma/enums";
import { deletedField, ENTITY_ID, markdown, optionalId, optionalKey, requiredText } from "./common";

// A dependency of a system: what it relies on, and what happens when that fails.

export const DEPENDENCY_KIND_LABELS: Record<DependencyKind, string> = {
  EXTERNAL_API: "External API",
  CLOUD_SERVICE: "Cloud service",
  DATABASE: "Database",
  QUEUE: "Queue",
  INTERNAL_SYSTEM: "Internal system",
  OTHER: "Other",
};


export const dependencySchema = z.object({
  key: optionalKey,
  name: requiredText("Name"),
  kind: z.enum(DependencyKind, { error: "Pick a kind" }),
  usedFor: markdown(),
  failureModes: markdown(),
  impact: markdown(),
  detection: markdown(),
  mitigation: markdown(),
  dependsOnSystemId: optionalId,
});
export const dependencySnapshotSchema = dependencySchema.extend({ systemId: ENTITY_ID, ...deletedField });

export type DependencyInput = z.infer<typeof dependencySchema>;
