import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { findSystem } from "@/lib/data/systems";
import { EntryEditPage } from "@/components/entry/entry-pages";

// A system is edited like every other entry (components/entry/entry-pages.tsx): its address names it by slug.

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Edit ${(await params).slug}` };
}

export default async function EditSystemPage({ params }: Props) {
  const system = await findSystem((await params).slug);
  if (!system) notFound();
  return <EntryEditPage type="SYSTEM" id={system.id} />;
}
