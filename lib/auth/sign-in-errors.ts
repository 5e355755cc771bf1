// The reasons a sign-in is refused other than a wrong password, as next-auth carries
// them from `authorize` to the sign-in route (lib/auth/options.ts → app/api/auth/[...nextauth]).

export const SIGN_IN_ERRORS = {
  throttled: "TooManyAttempts",
  busy: "Busy",
  unavailable: "DatabaseUnavailable",
  /** anything else that went wrong on the server's side: its own words stay in the server's log, never in the address */
  failed: "SignInFailed",
  /** RUNBOOK_PASSWORD_SIGN_IN=admins: the password was right, but this account signs in through the identity provider */
  adminsOnly: "PasswordForAdminsOnly",
} as const;

/** Why the identity provider's word did not let someone in (lib/auth/sso.ts), as /login?error= carries it. */
export const SSO_ERRORS = {
  "no-role": "SsoNoRole",
  "unverified-email": "SsoUnverifiedEmail",
  disabled: "SsoDisabled",
  "no-email": "SsoNoEmail",
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

/** The request header with which proxy.ts hands the sign-in page next-auth's CSRF token, for its plain form. */
export const CSRF_HEADER = "x-runbook-csrf-token";

/** The header with which the sign-in route tells the portal's server that the client's address is blocked, and for how many seconds. */
export const ADDRESS_BLOCKED_HEADER = "x-sign-in-address-blocked";

function inWords(seconds: number) {
  if (seconds <= 1) return "a second";
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** What a refused sign-in says, shared by the form's script (lib/auth/sign-in-client.ts) and the page, which shows it after a plain post. */
export const SIGN_IN_MESSAGES = {
  wrong: "Wrong email or password, or the account is disabled.",
  throttled: (seconds: number) => `Too many failed sign-ins for this account or from this network. Wait ${inWords(seconds)}, then try again.`,
  busy: (seconds: number) => `The portal is checking many sign-ins at once. Try again in ${inWords(seconds || 2)}.`,
  unavailable: "The portal cannot reach its database right now. Try again in a moment.",
  expired: "This sign-in form expired. Reload the page and sign in again.",
  failed: "Signing in failed on the portal's side. Try again in a moment.",
  other: "Could not sign in; try again.",
  adminsOnly: "Passwords are for local admin accounts only here: sign in through single sign-on.",
  ssoNoRole: "Your identity provider let you in, but you are in none of the groups that may use this portal. Ask your administrator to add you to one.",
  ssoUnverifiedEmail:
    "An account with your email already exists here, and your identity provider did not confirm that the email is yours, so it was not linked. Ask an administrator.",
  ssoDisabled: "Your account here is disabled. Ask an administrator.",
  ssoNoEmail: "Your identity provider did not send an email address, which a new account needs. Ask your administrator to release the email claim to the portal.",
};

/** The sentence for the `error` next-auth sends a plain (script-free) sign-in back with: /login?error=… */
export function signInErrorMessage(error: string | null | undefined): string {
  const reason = parseSignInError(error ?? null);
  if (!reason?.code) return "";
  switch (reason.code) {
    case "CredentialsSignin":
      return SIGN_IN_MESSAGES.wrong;
    case SIGN_IN_ERRORS.throttled:
      return SIGN_IN_MESSAGES.throttled(reason.retryAfter || reason.addressBlocked);
    case SIGN_IN_ERRORS.busy:
      return SIGN_IN_MESSAGES.busy(reason.retryAfter);
    case SIGN_IN_ERRORS.unavailable:
      return SIGN_IN_MESSAGES.unavailable;
    case SIGN_IN_ERRORS.failed:
      return SIGN_IN_MESSAGES.failed;
    case SIGN_IN_ERRORS.adminsOnly:
      return SIGN_IN_MESSAGES.adminsOnly;
    case SSO_ERRORS["no-role"]:
      return SIGN_IN_MESSAGES.ssoNoRole;
    case SSO_ERRORS["unverified-email"]:
      return SIGN_IN_MESSAGES.ssoUnverifiedEmail;
    case SSO_ERRORS.disabled:
      return SIGN_IN_MESSAGES.ssoDisabled;
    case SSO_ERRORS["no-email"]:
      return SIGN_IN_MESSAGES.ssoNoEmail;
    case "OAuthSignin":
    case "OAuthCallback":
      return "The identity provider could not be reached or did not answer as expected. Try again; if it keeps happening, an admin can sign in with a local account.";
    default:
      return SIGN_IN_MESSAGES.other;
  }
}
