import { NextResponse } from "next/server";
import { checkHealth } from "@/lib/db/health";

// For load balancers and container probes: 200 when the database answers and every
// migration of this version is applied, 503 otherwise. No sign-in; no details.

export async function GET() {
  const healthy = await checkHealth();
  return NextResponse.json({ status: healthy ? "ok" : "unavailable" }, { status: healthy ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
