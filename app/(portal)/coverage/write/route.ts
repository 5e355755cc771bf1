import { NextResponse, type NextRequest } from "next/server";
import { getCurrentUser } from "@/lib/session";
import { alertNameQuery } from "@/lib/validation/failure-mode";
import { slugSchema } from "@/lib/validation/system";

// "Write the runbook" for an alert that fired without one (/coverage): a plain GET form
// (system and alert name) sent on to the new failure mode form of that system, with the
// alert name filled in. Only to this site's own paths; that form checks who may write.

export async function GET(request: NextRequest) {
  if (!(await getCurrentUser())) return new NextResponse(null, { status: 303, headers: { Location: "/login?callbackUrl=%2Fcoverage" } });
  const slug = slugSchema.safeParse(request.nextUrl.searchParams.get("system") ?? "");
  const alert = alertNameQuery.safeParse(request.nextUrl.searchParams.get("alert") ?? "");
  const target = slug.success && alert.success ? `/systems/${encodeURIComponent(slug.data)}/failure-modes/new?alert=${encodeURIComponent(alert.data)}` : "/coverage#fired-without-runbook";
  return new NextResponse(null, { status: 303, headers: { Location: target } });
}
