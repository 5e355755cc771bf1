import { NextResponse, type NextRequest } from "next/server";
import { getCurrentUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { saveDraft } from "@/lib/runbooks/drafts";
import { uploadedName, uploadSchema } from "@/lib/validation/runbook-files";

// Takes the files of /import's form (a plain multipart post: it works without JavaScript),
// keeps them as a draft, and sends the browser to its preview. Nothing is imported here.

/** Back to /import with a problem the page explains (its codes are in app/(portal)/import/page.tsx). */
function back(problem: string) {
  return new NextResponse(null, { status: 303, headers: { Location: `/import?problem=${problem}` } });
}

export async function POST(request: NextRequest) {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first" }, { status: 401 });
  if (!hasRole(user, "EDITOR")) return back("forbidden");
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return back("unreadable");
  }
  const files = uploadSchema.safeParse(form.getAll("files"));
  if (!files.success) return back("no-files");
  const inputs = await Promise.all(files.data.map(async (file) => ({ name: uploadedName(file.name), bytes: new Uint8Array(await file.arrayBuffer()) })));
  const id = await saveDraft(user, inputs);
  return new NextResponse(null, { status: 303, headers: { Location: `/import/${id}` } });
}
