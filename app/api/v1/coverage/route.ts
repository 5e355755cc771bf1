import { endpoint } from "@/lib/api/endpoint";
import { checkCoverage } from "@/lib/api/coverage";

// POST /api/v1/coverage: which alerts of some Prometheus rules files have a runbook here (as /coverage).
export const POST = endpoint(checkCoverage);
