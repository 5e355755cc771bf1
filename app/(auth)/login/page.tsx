import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { countUsers } from "@/lib/data/users";
import { getCurrentUser } from "@/lib/session";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { headers } from "next/headers";
import { CSRF_HEADER, signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { authConfig } from "@/lib/auth/sso-config";
import { Button } from "@/components/ui/button";
import { ForgetDevice } from "@/components/auth/forget-device";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

type LoginPageProps = { searchParams: Promise<{ callbackUrl?: string | string[]; signedOut?: string; error?: string | string[] }> };

export default async function LoginPage({ searchParams }: LoginPageProps) {
  if ((await countUsers()) === 0) redirect("/setup");
  const { callbackUrl, signedOut, error } = await searchParams;
  // Only paths of this site: never send someone to another host after sign-in.
  const target = safeRedirectPath(callbackUrl);
  if (await getCurrentUser()) redirect(target);
  const { sso, passwordSignIn } = authConfig();
  const csrfToken = (await headers()).get(CSRF_HEADER) ?? "";
  const message = signInErrorMessage(typeof error === "string" ? error : null);
  return (
    <>
      <h1 className="mb-4 text-xl font-bold">Sign in</h1>
      {signedOut ? (
        <p role="status" className="mb-4 rounded border border-green-300 bg-green-50 p-3 text-sm font-medium text-green-900">
          You are signed out. Runbooks saved for offline reading on this device were removed.
          <ForgetDevice />
        </p>
      ) : null}
      {sso ? (
        // A plain form: next-auth sends the browser on to the identity provider, with or without scripts.
        <form method="post" action="/api/auth/signin/oidc" className="mb-6 space-y-3">
          {message && passwordSignIn === "off" ? <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm font-medium text-red-800">{message}</p> : null}
          <input type="hidden" name="csrfToken" value={csrfToken} />
          <input type="hidden" name="callbackUrl" value={target} />
          <Button type="submit" variant="primary" className="w-full">
            Sign in with {sso.name}
          </Button>
        </form>
      ) : null}
      {passwordSignIn === "on" ? (
        <>
          {sso ? <p className="mb-4 text-center text-sm text-slate-600">or with your email and password</p> : null}
          <LoginForm callbackUrl={target} csrfToken={csrfToken} error={message} />
        </>
      ) : passwordSignIn === "admins" ? (
        <details className="rounded border border-slate-300 p-3" open={!!message || !sso}>
          <summary className="cursor-pointer text-sm font-semibold">Local admin account (when single sign-on is down)</summary>
          <div className="mt-4">
            <LoginForm callbackUrl={target} csrfToken={csrfToken} error={message} />
          </div>
        </details>
      ) : !sso ? (
        <p role="alert" className="rounded border border-amber-400 bg-amber-50 p-3 text-sm">
          Password sign-in is off and no identity provider is configured: nobody can sign in. An administrator must set RUNBOOK_OIDC_ISSUER or RUNBOOK_PASSWORD_SIGN_IN (see the README).
        </p>
      ) : null}
    </>
  );
}
