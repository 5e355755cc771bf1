import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/session";
import { systemOfflinePages } from "@/lib/data/systems";
import { slugSchema } from "@/lib/validation/system";

// The pages of one system that "Keep offline" saves on this device (public/sw.js fetches
// this, then each page, as the signed-in person).

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first" }, { status: 401 });
  const slug = slugSchema.safeParse((await params).slug);
  const pages = slug.success ? await systemOfflinePages(slug.data) : null;
  if (!pages) return NextResponse.json({ error: "No system has this address." }, { status: 404 });
  return NextResponse.json(pages, { headers: { "Cache-Control": "private, no-store" } });
}
