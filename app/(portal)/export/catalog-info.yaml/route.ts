import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/session";
import { exportCatalog } from "@/lib/runbooks/catalog";
import { download } from "@/lib/runbooks/download";
import { portalAddress } from "@/lib/http/portal-address";
import { auditExport } from "@/lib/audit/exports";

// Every live system as a Backstage catalog entity (one YAML document each) that links to its overview here.

export async function GET() {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first" }, { status: 401 });
  const catalog = (await exportCatalog(await portalAddress()))!;
  // One YAML document per system, each opened by "---" at the start of a line.
  await auditExport(user, { format: "catalog-info.yaml", systems: catalog.match(/^---$/gm)?.length ?? 0 });
  return download(catalog, "catalog-info.yaml", "application/yaml; charset=utf-8");
}
