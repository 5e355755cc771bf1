import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { authOptions } from "@/lib/auth/options";
import { findSessionUser } from "@/lib/auth/sessions";
import { ForbiddenError, hasRole, type Actor } from "@/lib/auth/roles";
import type { Role } from "@/lib/generated/prisma/enums";

export type CurrentUser = Actor & { id: string; email: string };

/**
 * The signed-in user, read fresh from the database with the session on each request, so
 * that signing out, a role change or a disabled account takes effect at once, not when
 * the cookie expires.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(authOptions);
  const sid = session?.user?.sid;
  if (!sid) return null;
  return findSessionUser(sid);
});

/** For pages: sends anyone not signed in to /login. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  return user;
}

/** For server actions and route handlers: throws unless the user holds `role`. */
export async function requireRole(role: Role): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user || !hasRole(user, role)) throw new ForbiddenError(role);
  return user;
}
