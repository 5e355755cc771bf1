import { endpoint } from "@/lib/api/endpoint";
import { alertRunbook } from "@/lib/api/runbook";

// /api/v1/alerts/<name>: everything the runbook says for an alert, in one answer.

export const GET = endpoint<{ name: string }>((request, { name }) => alertRunbook(request, name));
