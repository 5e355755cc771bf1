import Link from "@/components/ui/link";
import type { ImportResult } from "@/lib/runbooks/apply";

const count = (n: number) => n.toLocaleString("en");

/** What an import did, on its preview once applied and on its task's page. */
export function Imported({ result: r }: { result: ImportResult }) {
  const requested = r.requested ?? 0;
  return (
    <>
      <p role="status" className="rounded border border-emerald-300 bg-emerald-50 p-3 font-medium text-emerald-900">
        Imported: {count(r.created)} created, {count(r.updated)} updated, {count(r.deleted)} deleted, {count(r.unchanged)} unchanged. Each change is a new version in its
        history.
      </p>
      {requested ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-950">
          {count(requested)} change{requested === 1 ? "" : "s"} to entries that need approval {requested === 1 ? "waits" : "wait"} at <Link href="/approvals">Approvals</Link>.
        </p>
      ) : null}
    </>
  );
}

export function AfterImport() {
  return (
    <p>
      <Link href="/systems">See the systems</Link> · <Link href="/import">Import more files</Link>
    </p>
  );
}
