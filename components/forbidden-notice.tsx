import Link from "@/components/ui/link";

export type ForbiddenNoticeProps = { needed: string; what: string };

/** Shown instead of a page the signed-in user's role does not allow. */
export function ForbiddenNotice({ needed, what }: ForbiddenNoticeProps) {
  return (
    <section className="rounded-lg border border-amber-300 bg-amber-50 p-6">
      <h1 className="text-xl font-bold">You cannot {what}</h1>
      <p className="mt-2 text-slate-800">This needs the {needed} role. Ask an admin if you should have it.</p>
      <p className="mt-4">
        <Link href="/">Back to the dashboard</Link>
      </p>
    </section>
  );
}
