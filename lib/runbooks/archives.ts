import "server-only";
import type { Actor } from "@/lib/auth/roles";
import { auditExport } from "@/lib/audit/exports";
import { offlineBundle } from "./bundle";
import { exportFiles } from "./export";
import { download, stamp, zipStream } from "./download";

// The two zips of the whole portal, as /export's links, the API and a job (lib/tasks) hand
// them out: their files, their name, and what their event in the audit log says.

export type Archive = {
  name: string;
  /** the folder the files are zipped in ("" for none) */
  folder: string;
  files: Iterable<{ path: string; content: string }>;
  systems: number;
  audit: { format: string; systems: number; files: number } & Record<string, unknown>;
};

/** Every runbook as runbook-portal/v1 files (systems/<slug>.yaml and contacts.yaml), made as they are zipped. */
export async function runbooksArchive(includeDeleted: boolean): Promise<Archive> {
  const { systems, files } = await exportFiles({ includeDeleted });
  return { name: `runbooks-${stamp()}.zip`, folder: "", files, systems, audit: { format: "runbooks.zip", systems, files: systems + 1, includeDeleted } };
}

/** The offline bundle: a static site of every live runbook that opens from file://, in one folder. */
export async function bundleArchive(onProgress?: (systems: number, of: number) => void): Promise<Archive> {
  const folder = `runbook-portal-offline-${stamp()}`;
  const files = await offlineBundle({ onProgress });
  const systems = files.filter((file) => file.path.startsWith("systems/")).length;
  return { name: `${folder}.zip`, folder, files, systems, audit: { format: "bundle.zip", systems, files: files.length } };
}

/** The archive as a zip download, made while it is sent; its event is in the audit log before any of it is. */
export async function archiveDownload(actor: Pick<Actor, "id" | "name">, archive: Archive, detail: Record<string, unknown> = {}): Promise<Response> {
  await auditExport(actor, { ...archive.audit, ...detail });
  return download(zipStream(archive.files, archive.folder), archive.name, "application/zip");
}
