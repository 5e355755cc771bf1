import { apiCaller } from "@/lib/api/auth";

// Who the presented token acts as: its user, the role it acts with, and its scope.

export async function GET(request: Request) {
  const caller = await apiCaller(request);
  if (!caller.ok) return caller.response;
  const { id, name, email, role, scope } = caller.user;
  return Response.json({ id, name, email, role, scope }, { headers: { "Cache-Control": "no-store" } });
}
