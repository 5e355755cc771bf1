import { endpoint } from "@/lib/api/endpoint";
import { exportAll } from "@/lib/api/runbook";

// /api/v1/export: the whole portal as runbook-portal/v1 files in a zip.

export const GET = endpoint((request) => exportAll(request));
