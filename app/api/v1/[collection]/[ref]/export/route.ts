import { ApiProblem } from "@/lib/api/http";
import { ENTITIES } from "@/lib/entries";
import { collectionOf, endpoint } from "@/lib/api/endpoint";
import { exportOne } from "@/lib/api/runbook";

// /api/v1/systems/<slug>/export: the system as a runbook-portal/v1 YAML file.

export const GET = endpoint<{ collection: string; ref: string }>((request, { collection, ref }) => {
  if (!ENTITIES[collectionOf(collection).type].ownsChildren) throw new ApiProblem({ title: "Not found", status: 404, detail: "Systems are exported; their entries come with them." });
  return exportOne(request, ref);
});
