import Link from "@/components/ui/link";

export default function SystemNotFound() {
  return (
    <section className="rounded-lg border border-slate-300 bg-white p-6">
      <h1 className="text-xl font-bold">No such system</h1>
      <p className="mt-2">Check the address, or find it among <Link href="/systems">all systems</Link>.</p>
    </section>
  );
}
