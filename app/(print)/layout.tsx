import { requireUser } from "@/lib/session";

export default async function PrintLayout({ children }: { children: React.ReactNode }) {
  await requireUser();
  return <main id="main">{children}</main>;
}
