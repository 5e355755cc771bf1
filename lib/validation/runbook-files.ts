import { z } from "zod";
import { changeMetaSchema } from "./common";
import { Severity } from "@/lib/generated/prisma/enums";

const SEVERITIES = Object.values(Severity);

// What the export and import pages take from the browser.

/** ?deleted=1 on an export: deleted entries too. Any other value is the default. */
export const exportQuerySchema = z.object({ deleted: z.string().optional() }).transform((query) => ({ deleted: query.deleted === "1" }));

/** A file name as the person's computer gave it, kept only for showing: no folders, no control characters. */
export function uploadedName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  return base.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 200) || "upload";
}

/** The files of an upload to /import: at least one, each a non-empty file. */
export const uploadSchema = z
  .array(z.instanceof(File), { error: "Choose one or more .yaml files, or a .zip." })
  .transform((files) => files.filter((file) => file.size > 0 || file.name !== ""))
  .pipe(z.array(z.instanceof(File)).min(1, "Choose one or more .yaml files, or a .zip, to import."));

/** Severities chosen for the severity labels of alerting rules ("sev.critical" → SEV2); anything else is dropped. */
export const severityMapSchema = z
  .record(z.string().max(100), z.unknown())
  .optional()
  .transform((map) => Object.fromEntries(Object.entries(map ?? {}).filter(([, value]) => SEVERITIES.includes(value as Severity))) as Record<string, Severity>);

/** The confirmation of an import preview. */
export const confirmImportSchema = z.object({
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, "This preview is not one the portal showed; reload it."),
  incidentRef: changeMetaSchema.shape.incidentRef,
  /** the preview included the files skipped by default */
  includeSkipped: z.enum(["1"]).optional().transform((value) => value === "1"),
  /** the preview's severity for each severity label of alerting rules */
  severities: z
    .array(z.object({ label: z.string().max(100), severity: z.enum(Severity) }))
    .max(100)
    .default([])
    .transform((list) => Object.fromEntries(list.map(({ label, severity }) => [label, severity])) as Record<string, Severity>),
});
