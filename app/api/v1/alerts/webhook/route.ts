import { endpoint } from "@/lib/api/endpoint";
import { receiveAlerts } from "@/lib/alerts/receive";

// POST /api/v1/alerts/webhook: what is firing, from Prometheus Alertmanager, Grafana, or
// anything that posts the generic format (README, "Live alerts"). An ingest-scope token only.

export const POST = endpoint(receiveAlerts);
