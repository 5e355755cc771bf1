import { DependencyKind } from "@/lib/generated/prisma/enums";

// How a dependency's kinds read (its fields and schemas: lib/entries/dependency.ts).

export const DEPENDENCY_KIND_LABELS: Record<DependencyKind, string> = {
  EXTERNAL_API: "External API",
  CLOUD_SERVICE: "Cloud service",
  DATABASE: "Database",
  QUEUE: "Queue",
  INTERNAL_SYSTEM: "Internal system",
  OTHER: "Other",
};

