import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EntryNewPage } from "@/components/entry/entry-pages";
import { CHILD_TYPES, ENTITIES, segmentOf } from "@/lib/entries";
import { alertNameQuery } from "@/lib/validation/failure-mode";

// /systems/<slug>/failure-modes/new and the like, for every type that belongs to a system.

type Props = { params: Promise<{ slug: string; type: string }>; searchParams: Promise<{ alert?: string }> };

function childType(segment: string) {
  return CHILD_TYPES.find((type) => segmentOf(type) === segment);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const type = childType((await params).type);
  return { title: type ? `New ${ENTITIES[type].label.toLowerCase()}` : "Not found" };
}

export default async function Page({ params, searchParams }: Props) {
  const [{ slug, type: segment }, { alert }] = await Promise.all([params, searchParams]);
  const type = childType(segment);
  if (!type) notFound();
  // "Write the runbook" for an alert that fired without one (/coverage): its name filled in.
  const named = type === "FAILURE_MODE" ? alertNameQuery.safeParse(alert ?? "") : null;
  const prefill = named?.success ? { title: named.data, alertNames: [named.data] } : {};
  return <EntryNewPage type={type} slug={slug} prefill={prefill} />;
}
