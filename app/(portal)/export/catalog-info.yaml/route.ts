import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/session";
import { exportCatalog } from "@/lib/runbooks/catalog";
import { download } from "@/lib/runbooks/download";
import { portalAddress } from "@/lib/server/portal-address";

// Every live system as a Backstage catalog entity (one YAML document each) that links to its overview here.

export async function GET() {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first" }, { status: 401 });
  return download((await exportCatalog(await portalAddress()))!, "catalog-info.yaml", "application/yaml; charset=utf-8");
}
