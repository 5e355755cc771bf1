import "server-only";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/roles";
import { auditEvents } from "./events";

/**
 * The event of a download: `format` says which one, the rest what it held (counts). An
 * export is a read with nothing to commit alongside, so its event is one statement of its
 * own, written once the export is produced and before any of it is sent.
 */
export async function auditExport(actor: Pick<Actor, "id" | "name">, detail: { format: string } & Record<string, unknown>, systemId: string | null = null) {
  await auditEvents(db, actor, [{ action: "export.downloaded", systemId, detail }]);
}
