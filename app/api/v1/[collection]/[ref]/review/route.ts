import { ApiProblem } from "@/lib/api/http";
import { ENTITIES } from "@/lib/entries";
import { collectionOf, endpoint } from "@/lib/api/endpoint";
import { reviewSystem } from "@/lib/api/entries";

// /api/v1/systems/<slug>/review: marks the system's runbook reviewed.

export const POST = endpoint<{ collection: string; ref: string }>((request, { collection, ref }) => {
  const found = collectionOf(collection);
  if (!ENTITIES[found.type].reviewed) throw new ApiProblem({ title: "Not found", status: 404, detail: "Only systems are marked reviewed." });
  return reviewSystem(request, found, ref);
});
