"use client";

import { useActionState } from "react";
import type { EntityType } from "@/lib/generated/prisma/enums";
import type { FormState } from "@/lib/forms";
import { restoreVersion } from "./actions";

export type RestoreButtonProps = { entityType: EntityType; entityId: string; version: number; expectedVersion: number };

export function RestoreButton({ entityType, entityId, version, expectedVersion }: RestoreButtonProps) {
  const [state, action, pending] = useActionState(restoreVersion, {} as FormState);
  return (
    <form action={action} className="inline">
      <input type="hidden" name="entityType" value={entityType} />
      <input type="hidden" name="entityId" value={entityId} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="expectedVersion" value={expectedVersion} />
      <button type="submit" disabled={pending} className="rounded border border-slate-400 bg-white px-2 py-1 text-xs font-semibold hover:bg-slate-100">
        {pending ? "Restoring…" : `Restore version ${version}`}
      </button>
      {state.message ? (
        <span role="alert" className="ml-2 text-xs font-medium text-red-700">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
