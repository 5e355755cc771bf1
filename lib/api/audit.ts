import "server-only";
import { downloadAuditEvents } from "@/lib/audit/download";
import { auditDownloadQuerySchema } from "@/lib/validation/audit";
import { ForbiddenError } from "@/lib/auth/roles";
import { apiCaller } from "./auth";
import { validateQuery } from "./http";

/**
 * GET /api/v1/audit/events: the audit log for an admin's token, filtered as /audit filters
 * it, as JSON lines or CSV: what a scheduled job ships elsewhere (README, "Audit log").
 * A read: an admin's read-scope token is enough (the job needs no power to write).
 */
export async function auditEventsDownload(request: Request): Promise<Response> {
  const caller = await apiCaller(request);
  if (caller.accountRole !== "ADMIN") throw new ForbiddenError("ADMIN");
  const { format } = validateQuery(auditDownloadQuerySchema, request);
  const params = new URL(request.url).searchParams;
  params.delete("format");
  return downloadAuditEvents({ ...caller, role: "ADMIN" }, params, format);
}
