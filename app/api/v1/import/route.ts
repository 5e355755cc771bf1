import { endpoint } from "@/lib/api/endpoint";
import { importFiles } from "@/lib/api/runbook";

// /api/v1/import: runbook files in; a dry run unless "apply": true.

export const POST = endpoint((request) => importFiles(request));
