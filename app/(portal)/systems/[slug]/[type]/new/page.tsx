import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EntryNewPage } from "@/components/entry/entry-pages";
import { CHILD_TYPES, ENTITIES, segmentOf } from "@/lib/entries";

// /systems/<slug>/failure-modes/new and the like, for every type that belongs to a system.

type Props = { params: Promise<{ slug: string; type: string }> };

function childType(segment: string) {
  return CHILD_TYPES.find((type) => segmentOf(type) === segment);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const type = childType((await params).type);
  return { title: type ? `New ${ENTITIES[type].label.toLowerCase()}` : "Not found" };
}

export default async function Page({ params }: Props) {
  const { slug, type: segment } = await params;
  const type = childType(segment);
  if (!type) notFound();
  return <EntryNewPage type={type} slug={slug} />;
}
