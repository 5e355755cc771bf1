import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/session";
import { archiveDownload, bundleArchive } from "@/lib/runbooks/archives";

// The offline bundle: a static site of every live runbook that opens from file://, zipped in one folder.
// Made within the request, for scripts; /export makes it as a job, with its progress.

export async function GET() {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first" }, { status: 401 });
  return archiveDownload(user, await bundleArchive());
}
