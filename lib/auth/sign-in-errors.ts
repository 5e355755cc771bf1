// The reasons a sign-in is refused other than a wrong password, as next-auth carries
// them from `authorize` to the sign-in route (lib/auth.ts → app/api/auth/[...nextauth]).

export const SIGN_IN_ERRORS = {
  throttled: "TooManyAttempts",
  busy: "Busy",
  unavailable: "DatabaseUnavailable",
} as const;

/** "TooManyAttempts:30" → { code: "TooManyAttempts", retryAfter: 30 } */
export function parseSignInError(value: string | null): { code: string; retryAfter: number } | null {
  if (!value) return null;
  const [code = "", seconds = ""] = value.split(":");
  const retryAfter = Number.parseInt(seconds, 10);
  return { code, retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 0 };
}
