import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/session";
import { offlineBundle } from "@/lib/runbooks/bundle";
import { download, stamp, zipStream } from "@/lib/runbooks/download";
import { auditExport } from "@/lib/audit/exports";

// The offline bundle: a static site of every live runbook that opens from file://, zipped in one folder.

export async function GET() {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first" }, { status: 401 });
  const folder = `runbook-portal-offline-${stamp()}`;
  const files = await offlineBundle();
  await auditExport(user, { format: "bundle.zip", systems: files.filter((file) => file.path.startsWith("systems/")).length, files: files.length });
  return download(zipStream(files, folder), `${folder}.zip`, "application/zip");
}
