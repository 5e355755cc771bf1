import type { Metadata } from "next";
import { EntryEditPage } from "@/components/entry/entry-pages";

export const metadata: Metadata = { title: "Edit" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  return <EntryEditPage type="DEPENDENCY" id={(await params).id} />;
}
