import type { ConflictInfo } from "@/lib/forms";
import { Changes } from "@/components/history/changes";

export type ConflictPanelProps = { conflict: ConflictInfo };

/** What the other person changed, shown when a save was refused as stale. */
export function ConflictPanel({ conflict }: ConflictPanelProps) {
  return (
    <section aria-labelledby="conflict-title" className="space-y-3 rounded-lg border-2 border-amber-500 bg-amber-50 p-4">
      <h2 id="conflict-title" className="text-lg font-bold text-amber-950">
        Changed by {conflict.authors.join(", ") || "someone else"} while you were editing
      </h2>
      <p className="text-sm text-amber-950">
        You started from version {conflict.yourVersion}; the latest is version {conflict.currentVersion}. Their changes are below. Your
        text is still in the form: merge what you need and save again. Both versions stay in history.
      </p>
      <Changes changes={conflict.changes} names={conflict.names} />
    </section>
  );
}
