import type { ComponentType } from "react";
import type { EntryType } from "@/lib/entries";
import { ContactForm } from "./contact-form";
import { DependencyForm } from "./dependency-form";
import { EscalationLevelForm } from "./escalation-level-form";
import { FailureModeForm } from "./failure-mode-form";
import { ProcedureForm } from "./procedure-form";
import { SystemForm } from "./system-form";
import type { TypedFormProps } from "./types";

export type { EntryFormOptions, PickerChoice, TypedFormProps } from "./types";

/**
 * The form of each entry type (one file each, beside this one): the part of a type that
 * is React, kept out of its descriptor (lib/entries), which server scripts and browser
 * code also load.
 */
export const ENTRY_FORMS: Record<EntryType, ComponentType<TypedFormProps>> = {
  SYSTEM: SystemForm,
  DEPENDENCY: DependencyForm,
  FAILURE_MODE: FailureModeForm,
  PROCEDURE: ProcedureForm,
  ESCALATION_LEVEL: EscalationLevelForm,
  CONTACT: ContactForm,
};

export { ENTRY_LAYOUTS } from "./layouts";
