import { NextResponse, type NextRequest } from "next/server";
import { getCurrentUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { downloadAuditEvents } from "@/lib/audit/download";

// Every event the /audit page's filters match, as JSON lines (one event per line, for scripts). Admins only.

export async function GET(request: NextRequest) {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first" }, { status: 401 });
  if (!hasRole(user, "ADMIN")) return NextResponse.json({ error: "The audit log is for admins" }, { status: 403 });
  return downloadAuditEvents(user, request.nextUrl.searchParams, "jsonl");
}
