import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/session";
import { exportSystem } from "@/lib/runbooks/export";
import { download } from "@/lib/runbooks/download";
import { slugSchema } from "@/lib/validation/system";
import { auditExport } from "@/lib/audit/exports";

// One system as a runbook-portal/v1 file: its document, then the contacts it names.

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first" }, { status: 401 });
  const slug = slugSchema.safeParse((await params).slug);
  const file = slug.success ? await exportSystem(slug.data) : null;
  if (!file) return new NextResponse("No system has this address.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  await auditExport(user, { format: "system.yaml", system: slug.data, systems: 1 });
  return download(file.content, file.path, "application/yaml; charset=utf-8");
}
