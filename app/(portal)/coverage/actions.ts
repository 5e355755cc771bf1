"use server";

import { portalAddress } from "@/lib/http/portal-address";
import { z } from "zod";
import { requireRole } from "@/lib/session";
import { markActionStarted } from "@/lib/http/request-context";
import { writeFailed } from "@/lib/form-actions";
import { coverageReport, type CoverageReport } from "@/lib/runbooks/coverage";
import { TooComplexError } from "@/lib/runbooks/off-thread";
import { uploadedName } from "@/lib/validation/runbook-files";

export type CoverageState = { message?: string; report?: CoverageReport; portal?: string; pasted?: string };

const input = z.object({
  files: z.array(z.instanceof(File)).max(50, "Check at most 50 rules files at once."),
  pasted: z.string().max(1_000_000, "Paste at most 1 MB of rules."),
});

/** Checks uploaded or pasted Prometheus rules against the portal's runbooks. Reads only. */
export async function coverageAction(_previous: CoverageState, formData: FormData): Promise<CoverageState> {
  markActionStarted();
  if (!(formData instanceof FormData)) return { message: "This form does not match the page; reload it and try again." };
  try {
    await requireRole("VIEWER");
  } catch (error) {
    return { message: (await writeFailed(error, {})).message };
  }
  const parsed = input.safeParse({
    files: formData.getAll("files").filter((file): file is File => file instanceof File && file.size > 0),
    pasted: String(formData.get("rules") ?? ""),
  });
  if (!parsed.success) return { message: parsed.error.issues[0]!.message };
  const pasted = parsed.data.pasted;
  const files = await Promise.all(parsed.data.files.map(async (file) => ({ name: uploadedName(file.name), text: new TextDecoder().decode(await file.arrayBuffer()) })));
  if (pasted.trim()) files.push({ name: "pasted rules", text: pasted });
  if (files.length === 0) return { message: "Choose rules files or paste rules to check.", pasted };
  const portal = await portalAddress();
  try {
    return { report: await coverageReport(files, portal), portal, pasted };
  } catch (error) {
    if (error instanceof TooComplexError) return { message: error.message, pasted };
    return { message: (await writeFailed(error, {})).message, pasted };
  }
}
