import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { countUsers } from "@/lib/data/users";
import { getCurrentUser } from "@/lib/session";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

type LoginPageProps = { searchParams: Promise<{ callbackUrl?: string | string[] }> };

export default async function LoginPage({ searchParams }: LoginPageProps) {
  if ((await countUsers()) === 0) redirect("/setup");
  const { callbackUrl } = await searchParams;
  // Only paths of this site: never send someone to another host after sign-in.
  const target = safeRedirectPath(callbackUrl);
  if (await getCurrentUser()) redirect(target);
  return (
    <>
      <h1 className="mb-4 text-xl font-bold">Sign in</h1>
      <LoginForm callbackUrl={target} />
    </>
  );
}
