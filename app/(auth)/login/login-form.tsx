"use client";

import { useState } from "react";
import { signInWithCredentials } from "@/lib/auth/sign-in-client";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { signInSchema } from "@/lib/validation/user";
import { fieldErrorsOf, type FieldErrors } from "@/lib/validation/common";

/** `csrfToken`: next-auth's, for the plain post without scripts (proxy.ts); `error`: the sentence for a plain post that was refused. */
export type LoginFormProps = { callbackUrl: string; csrfToken: string; error: string };

export function LoginForm({ callbackUrl, csrfToken, error }: LoginFormProps) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState(error);
  const [pending, setPending] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = signInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setErrors({});
    setMessage("");
    setPending(true);
    const result = await signInWithCredentials(parsed.data.email, parsed.data.password, callbackUrl);
    if (result.ok) {
      // A full load, so every server component sees the new session cookie.
      window.location.assign(callbackUrl);
      return;
    }
    setPending(false);
    setMessage(result.message);
  }

  return (
    // Without scripts (or before they run) the browser posts the form to next-auth itself, which signs in and
    // comes back to callbackUrl, or to /login?error=… (shown above the form); with them, submit() signs in in the background.
    <form onSubmit={submit} method="post" action="/api/auth/callback/credentials" noValidate className="space-y-4">
      <input type="hidden" name="csrfToken" value={csrfToken} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {message ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm font-medium text-red-800">
          {message}
        </p>
      ) : null}
      <TextField name="email" label="Email" type="email" autoComplete="username" required errors={errors.email} autoFocus />
      <TextField name="password" label="Password" type="password" autoComplete="current-password" required errors={errors.password} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
