import { endpoint } from "@/lib/api/endpoint";
import { auditEventsDownload } from "@/lib/api/audit";

// /api/v1/audit/events: the audit log, filtered, as JSON lines or CSV (admins).

export const GET = endpoint((request) => auditEventsDownload(request));
