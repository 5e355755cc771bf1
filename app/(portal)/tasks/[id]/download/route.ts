import { NextResponse, type NextRequest } from "next/server";
import { getCurrentUser } from "@/lib/session";
import { taskFile } from "@/lib/tasks/long-tasks";
import { download } from "@/lib/runbooks/download";

// An export made by a job (/tasks/<id>): for the person who started it, or an admin, for a day.

export async function GET(_request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first" }, { status: 401 });
  const { id } = await params;
  const file = /^c[a-z0-9]{20,30}$/.test(id) ? await taskFile(user, id) : null;
  if (!file) return NextResponse.json({ error: "No such download: it was made for someone else, is not ready, or was removed after a day." }, { status: 404 });
  return download(file.bytes, file.name, "application/zip");
}
