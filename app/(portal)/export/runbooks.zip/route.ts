import { NextResponse, type NextRequest } from "next/server";
import { getCurrentUser } from "@/lib/session";
import { archiveDownload, runbooksArchive } from "@/lib/runbooks/archives";
import { exportQuerySchema } from "@/lib/validation/runbook-files";

// The whole portal as runbook-portal/v1 files: systems/<slug>.yaml and contacts.yaml, zipped.
// Every signed-in user may export (viewers read everything anyway).

export async function GET(request: NextRequest) {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first" }, { status: 401 });
  const query = exportQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return archiveDownload(user, await runbooksArchive(query.deleted));
}
