import type { EntryType } from "@/lib/entries";
import { RestoreButton } from "@/components/history/restore-button";
import { Time } from "@/components/time";

// The notices at the top of every entry's page (systems included): just saved, deleted.

export function SavedNotice({ version }: { version: number }) {
  return (
    <p role="status" className="no-print rounded border border-emerald-300 bg-emerald-50 p-3 font-medium text-emerald-900">
      Saved as version {version}.
    </p>
  );
}

export type DeletedNoticeProps = { type: EntryType; id: string; label: string; deletedAt: Date; version: number; canRestore: boolean };

/** Deleted, kept with its history; editors restore the version before the deletion. */
export function DeletedNotice({ type, id, label, deletedAt, version, canRestore }: DeletedNoticeProps) {
  return (
    <div role="status" className="flex flex-wrap items-center gap-3 rounded-lg border-2 border-red-400 bg-red-50 p-4">
      <p className="font-semibold text-red-900">
        This {label.toLowerCase()} was deleted on <Time value={deletedAt} withTime />. It is kept with its history.
      </p>
      {canRestore ? <RestoreButton entityType={type} entityId={id} version={version - 1} expectedVersion={version} /> : null}
    </div>
  );
}
