import { endpoint } from "@/lib/api/endpoint";
import { taskStatus } from "@/lib/api/runbook";

// /api/v1/tasks/<id>: a long import's progress and result (an import with apply answered 202).

export const GET = endpoint<{ id: string }>((request, { id }) => taskStatus(request, id));
