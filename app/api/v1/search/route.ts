import { endpoint } from "@/lib/api/endpoint";
import { searchEntries } from "@/lib/api/runbook";

// /api/v1/search?q=: the portal's search, ranked as /search ranks it.

export const GET = endpoint((request) => searchEntries(request));
