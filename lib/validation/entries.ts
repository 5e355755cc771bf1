import type { z } from "zod";
import type { EntryType } from "@/lib/entries/types";
import { systemSchema } from "./system";
import { contactSchema, dependencySchema, escalationLevelSchema, failureModeSchema, procedureSchema } from "./runbook";

/** The form schema of each entry type, shared by its form and the server action that saves it. */
export const ENTRY_SCHEMAS = {
  SYSTEM: systemSchema,
  DEPENDENCY: dependencySchema,
  FAILURE_MODE: failureModeSchema,
  PROCEDURE: procedureSchema,
  ESCALATION_LEVEL: escalationLevelSchema,
  CONTACT: contactSchema,
} satisfies Record<EntryType, z.ZodType>;
