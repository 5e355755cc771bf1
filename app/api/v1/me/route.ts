import { apiCaller } from "@/lib/api/auth";
import { endpoint } from "@/lib/api/endpoint";
import { json } from "@/lib/api/http";

// Who the caller acts as: the token's (or session's) user, the role it acts with, and its scope.

export const GET = endpoint(async (request) => {
  const { id, name, email, role, scope } = await apiCaller(request);
  return json({ id, name, email, role, scope });
});
