import type { ComponentType } from "react";
import type { EntryType } from "@/lib/entries";
import { ContactForm } from "./contact-form";
import { DependencyForm } from "./dependency-form";
import { EscalationLevelForm } from "./escalation-level-form";
import { FailureModeForm } from "./failure-mode-form";
import { ProcedureForm } from "./procedure-form";
import type { TypedFormProps } from "./types";

export type { EntryFormOptions, PickerChoice, TypedFormProps } from "./types";

/**
 * The form of each entry type (one file each, beside this one): the part of a type that
 * is React, kept out of its descriptor (lib/entries), which server scripts and browser
 * code also load. Systems have their own pages and form (app/(portal)/systems).
 */
export const ENTRY_FORMS: Record<Exclude<EntryType, "SYSTEM">, ComponentType<TypedFormProps>> = {
  DEPENDENCY: DependencyForm,
  FAILURE_MODE: FailureModeForm,
  PROCEDURE: ProcedureForm,
  ESCALATION_LEVEL: EscalationLevelForm,
  CONTACT: ContactForm,
};
