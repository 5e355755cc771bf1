import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { countUsers } from "@/lib/data/users";
import { getCurrentUser } from "@/lib/session";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { headers } from "next/headers";
import { CSRF_HEADER, signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

type LoginPageProps = { searchParams: Promise<{ callbackUrl?: string | string[]; signedOut?: string; error?: string | string[] }> };

export default async function LoginPage({ searchParams }: LoginPageProps) {
  if ((await countUsers()) === 0) redirect("/setup");
  const { callbackUrl, signedOut, error } = await searchParams;
  // Only paths of this site: never send someone to another host after sign-in.
  const target = safeRedirectPath(callbackUrl);
  if (await getCurrentUser()) redirect(target);
  return (
    <>
      <h1 className="mb-4 text-xl font-bold">Sign in</h1>
      {signedOut ? (
        <p role="status" className="mb-4 rounded border border-green-300 bg-green-50 p-3 text-sm font-medium text-green-900">
          You are signed out. Runbooks saved for offline reading on this device were removed.
        </p>
      ) : null}
      <LoginForm callbackUrl={target} csrfToken={(await headers()).get(CSRF_HEADER) ?? ""} error={signInErrorMessage(typeof error === "string" ? error : null)} />
    </>
  );
}
