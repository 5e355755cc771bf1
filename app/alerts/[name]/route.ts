import { NextResponse, type NextRequest } from "next/server";
import { getCurrentUser } from "@/lib/session";
import { findFailureModesByAlert } from "@/lib/data/failure-modes";
import { alertNameQuery } from "@/lib/validation/failure-mode";

// /alerts/<alertName>: the URL monitoring tools put in an alert's runbook_url. A real
// HTTP redirect, so it works from chat previews and curl as well as browsers: one match
// opens the failure mode; several or none go to /alerts?name=…, which lists or explains.

type Context = { params: Promise<{ name: string }> };

/** A relative Location: the browser resolves it against the host it used, whatever proxy sits between. */
function redirectTo(path: string) {
  return new NextResponse(null, { status: 307, headers: { Location: path } });
}

export async function GET(request: NextRequest, { params }: Context) {
  const { name: raw } = await params;
  const user = await getCurrentUser();
  if (!user) {
    return redirectTo(`/login?callbackUrl=${encodeURIComponent(request.nextUrl.pathname)}`);
  }
  const parsed = alertNameQuery.safeParse(raw);
  const name = parsed.success ? parsed.data : "";
  const matches = name ? await findFailureModesByAlert(name) : [];
  const target = matches.length === 1 ? `/failure-modes/${matches[0]!.id}` : `/alerts?name=${encodeURIComponent(name)}`;
  return redirectTo(target);
}
