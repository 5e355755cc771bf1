import type { Metadata } from "next";
import { EntryNewPage } from "@/components/entry/entry-pages";

export const metadata: Metadata = { title: "New contact" };

export default function Page() {
  return <EntryNewPage type="CONTACT" />;
}
