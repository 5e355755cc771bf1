// The reasons a sign-in is refused other than a wrong password, as next-auth carries
// them from `authorize` to the sign-in route (lib/auth.ts → app/api/auth/[...nextauth]).

export const SIGN_IN_ERRORS = {
  throttled: "TooManyAttempts",
  busy: "Busy",
  unavailable: "DatabaseUnavailable",
} as const;

export type SignInError = { code: string; retryAfter: number; addressBlocked: number };

function seconds(text: string | undefined) {
  const value = Number.parseInt(text ?? "", 10);
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** "TooManyAttempts:30:30" → { code: "TooManyAttempts", retryAfter: 30, addressBlocked: 30 } */
export function parseSignInError(value: string | null): SignInError | null {
  if (!value) return null;
  const [code = "", retryAfter, addressBlocked] = value.split(":");
  return { code, retryAfter: seconds(retryAfter), addressBlocked: seconds(addressBlocked) };
}

/** The header with which the sign-in route tells the portal's server that the client's address is blocked, and for how many seconds. */
export const ADDRESS_BLOCKED_HEADER = "x-sign-in-address-blocked";
