import "server-only";
import Link from "@/components/ui/link";
import type { EntityType } from "@/lib/generated/prisma/enums";
import { describe } from "@/lib/entries";
import { gateOf, openChangeOf, waitingChangeOf } from "@/lib/approvals/views";
import { Changes } from "@/components/history/changes";
import { Time } from "@/components/time";
import { KIND_LABEL } from "./parts";

/** On an entry's page: the change waiting for approval (or applied by override and awaiting it), with its field diff. */
export async function PendingChangeNotice({ type, id }: { type: EntityType; id: string }) {
  const change = await waitingChangeOf(type, id);
  if (!change) return null;
  const desc = describe(type);
  const overridden = change.status === "OVERRIDDEN";
  return (
    <section aria-label="Change waiting for approval" className={`no-print space-y-2 rounded-lg border-2 p-4 ${overridden ? "border-red-500 bg-red-50" : "border-amber-400 bg-amber-50"}`}>
      <p className="font-semibold">
        {overridden ? "Applied by emergency override, awaiting approval: " : "1 change waiting for approval: "}
        <Link href={`/approvals/${change.id}`}>
          {KIND_LABEL[change.kind].toLowerCase()} by {change.authorName}
        </Link>
        , <Time value={change.createdAt} withTime />
        {change.changeNote ? ` — “${change.changeNote}”` : ""}
      </p>
      {overridden ? null : <p className="text-sm">What you see below is the live version; the change is not part of it until someone approves it.</p>}
      {change.kind === "DELETE" ? (
        <p className="text-sm">It deletes this {desc.label.toLowerCase()}.</p>
      ) : (
        <details>
          <summary className="cursor-pointer text-sm font-semibold">What it changes</summary>
          <div className="mt-2">
            <Changes changes={change.changes} names={change.names} emptyText="No field changes." />
          </div>
        </details>
      )}
    </section>
  );
}

export type WaitingChange = NonNullable<Awaited<ReturnType<typeof openChangeOf>>>;

/**
 * On an entry's edit page: saving will send the change for approval, and why; and the
 * change already waiting, if any (the editor's own is what the form then holds).
 */
export async function ApprovalNeededNotice({
  type,
  id,
  userId,
  waiting,
  formHoldsIt = false,
  creating = false,
}: {
  type: EntityType;
  id: string;
  userId: string | null;
  waiting?: WaitingChange | null;
  /** the form starts from the editor's own waiting change (not from the live entry) */
  formHoldsIt?: boolean;
  /** a new entry of the system `id` */
  creating?: boolean;
}) {
  const gate = await gateOf(type, id);
  if (!gate) return null;
  if (creating) {
    return (
      <p role="note" className="mb-4 rounded border border-amber-300 bg-amber-50 p-3 text-amber-950">
        Changes to this system need a second person: saving sends the new entry for approval; it exists once another editor approves it.
      </p>
    );
  }
  const why = gate.because === "procedure" ? "this procedure is marked “approval required”" : "its system’s changes need approval";
  const pending = waiting?.status === "PENDING" ? waiting : null;
  const mine = !!pending && !!userId && pending.authorId === userId;
  return (
    <div role="note" className="mb-4 space-y-1 rounded border border-amber-300 bg-amber-50 p-3 text-amber-950">
      <p>Changes here need a second person ({why}): saving sends your change for approval; the live entry stays as it is until another editor approves it.</p>
      {pending && mine ? (
        <p className="font-semibold">
          {formHoldsIt ? "The form holds " : "You have "}
          <Link href={`/approvals/${pending.id}`}>your change waiting for approval</Link>: saving replaces it with what you save now.
        </p>
      ) : null}
      {pending && !mine ? (
        <p className="font-semibold">
          <Link href={`/approvals/${pending.id}`}>{pending.authorName}’s change</Link> is waiting for approval: another can be proposed once it is approved, rejected or withdrawn.
        </p>
      ) : null}
    </div>
  );
}
