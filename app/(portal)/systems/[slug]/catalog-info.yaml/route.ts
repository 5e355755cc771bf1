import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/session";
import { exportCatalog } from "@/lib/runbooks/catalog";
import { download } from "@/lib/runbooks/download";
import { portalAddress } from "@/lib/http/portal-address";
import { slugSchema } from "@/lib/validation/system";
import { auditExport } from "@/lib/audit/exports";

// One system as a Backstage catalog entity that links to its overview here.

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first" }, { status: 401 });
  const slug = slugSchema.safeParse((await params).slug);
  const content = slug.success ? await exportCatalog(await portalAddress(), slug.data) : null;
  if (content === null) return new NextResponse("No system has this address.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  await auditExport(user, { format: "catalog-info.yaml", system: slug.data, systems: 1 });
  return download(content, "catalog-info.yaml", "application/yaml; charset=utf-8");
}
