import type { Metadata } from "next";
import { EntryHistoryPage } from "@/components/entry/entry-pages";

export const metadata: Metadata = { title: "History" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ from?: string; to?: string; restored?: string }> };

export default async function Page({ params, searchParams }: Props) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  return <EntryHistoryPage type="DEPENDENCY" id={id} query={query} />;
}
