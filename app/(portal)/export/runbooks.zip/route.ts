import { NextResponse, type NextRequest } from "next/server";
import { getCurrentUser } from "@/lib/session";
import { exportFiles } from "@/lib/runbooks/export";
import { download, stamp, zipStream } from "@/lib/runbooks/download";
import { exportQuerySchema } from "@/lib/validation/runbook-files";
import { auditExport } from "@/lib/audit/exports";

// The whole portal as runbook-portal/v1 files: systems/<slug>.yaml and contacts.yaml, zipped.
// Every signed-in user may export (viewers read everything anyway).

export async function GET(request: NextRequest) {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first" }, { status: 401 });
  const query = exportQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  const { systems, files } = await exportFiles({ includeDeleted: query.deleted });
  await auditExport(user, { format: "runbooks.zip", systems, files: systems + 1, includeDeleted: query.deleted });
  return download(zipStream(files), `runbooks-${stamp()}.zip`, "application/zip");
}
