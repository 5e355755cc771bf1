import "server-only";
import { ingestCaller } from "@/lib/api/auth";
import { ApiProblem, readJson } from "@/lib/api/http";
import { parseAlertPost } from "./payloads";
import { storeAlerts } from "./ingest";

/** The most a post may weigh: Alertmanager's largest groups stay far below it. */
export const MAX_ALERT_BODY_BYTES = 1024 * 1024;

/**
 * Receives one post: the token first (nothing is read without an ingest token), then the
 * body with its limits, then every alert is checked before any is stored (422 lists what is
 * wrong, and nothing is kept), then all are stored in one transaction.
 */
export async function receiveAlerts(request: Request): Promise<Response> {
  await ingestCaller(request);
  const body = await readJson(request, { limit: MAX_ALERT_BODY_BYTES });
  const parsed = parseAlertPost(body);
  if (!parsed.ok) {
    throw new ApiProblem({ title: `This is not a ${parsed.format === "unknown" ? "webhook payload the portal reads" : `valid ${parsed.format} payload`}; nothing was stored`, status: 422, errors: parsed.errors });
  }
  const stored = await storeAlerts(parsed.alerts);
  return Response.json(stored, { status: 200, headers: { "Cache-Control": "no-store" } });
}
