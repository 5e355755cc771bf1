import type { NextAuthOptions } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import type { TokenSet } from "openid-client";
import CredentialsProvider from "next-auth/providers/credentials";
import { authConfig, type SsoConfig } from "@/lib/auth/sso-config";
import { signInWithProvider, type ProviderClaims } from "@/lib/auth/sso";
import { currentClient } from "@/lib/http/request-context";
import { signInWithPassword, type SignInOutcome } from "@/lib/auth/sign-in";
import { endSession, SESSION_HOURS } from "@/lib/auth/sessions";
import { SIGN_IN_ERRORS, SSO_ERRORS } from "@/lib/auth/sign-in-errors";
import { safeRedirectPath } from "@/lib/safe-redirect";
import type { Role } from "@/lib/generated/prisma/enums";

declare module "next-auth" {
  interface User {
    role: Role;
    sid: string;
  }
  interface Session {
    user: { id: string; name: string; email: string; role: Role; sid: string };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    role?: Role;
    /** the server-side session (lib/auth/sessions.ts) this cookie belongs to */
    sid?: string;
  }
}

function header(headers: unknown, name: string): string {
  const value = (headers as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : "";
}

/** The client's address as the portal's server set it (scripts/serve.ts), behind trusted proxies only. */
function clientAddress(headers: unknown): string {
  return header(headers, "x-forwarded-for").split(",")[0]!.trim() || "unknown";
}

const { sso, passwordSignIn } = authConfig();

const passwordProvider = CredentialsProvider({
  name: "Email and password",
  credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
  async authorize(credentials, request) {
    const email = typeof credentials?.email === "string" ? credentials.email : "";
    const password = typeof credentials?.password === "string" ? credentials.password : "";
    let outcome: SignInOutcome;
    try {
      outcome = await signInWithPassword({
        email,
        password,
        adminsOnly: passwordSignIn === "admins",
        address: clientAddress(request?.headers),
        userAgent: header(request?.headers, "user-agent"),
      });
    } catch (error) {
      // next-auth would put the error's own text (a database message, say) in the address it answers with.
      console.error("sign-in failed", error);
      throw new Error(SIGN_IN_ERRORS.failed);
    }
    switch (outcome.kind) {
      case "ok":
        return { ...outcome.user, sid: outcome.sessionId };
      case "wrong":
        return null;
      case "adminsOnly":
        throw new Error(SIGN_IN_ERRORS.adminsOnly);
      case "throttled":
        throw new Error(`${SIGN_IN_ERRORS.throttled}:${outcome.retryAfter}:${outcome.addressBlocked}`);
      case "busy":
        throw new Error(`${SIGN_IN_ERRORS.busy}:${outcome.retryAfter}`);
      case "unavailable":
        throw new Error(SIGN_IN_ERRORS.unavailable);
    }
  },
});

/**
 * The identity provider (README, "Single sign-on"): OpenID Connect discovery, the
 * authorization code flow with PKCE and state, claims from the id_token, and from userinfo
 * for what the id_token leaves out (some providers send groups or the email only there).
 */
function oidcProvider(config: SsoConfig): OAuthConfig<ProviderClaims> {
  return {
    id: "oidc",
    name: config.name,
    type: "oauth",
    wellKnown: `${config.issuer}/.well-known/openid-configuration`,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorization: { params: { scope: config.scopes } },
    idToken: true,
    checks: ["pkce", "state"],
    userinfo: {
      async request({ tokens: parameters, client }) {
        // next-auth hands over openid-client's TokenSet, typed by its parameters only.
        const tokens = parameters as unknown as TokenSet;
        const claims = tokens.claims() as ProviderClaims;
        if (claims[config.groupsClaim] !== undefined && claims.email !== undefined) return claims;
        // openid-client checks that userinfo speaks of the id_token's subject.
        const info = (await client.userinfo(tokens)) as ProviderClaims;
        const merged: ProviderClaims = { ...info, ...claims };
        for (const claim of [config.groupsClaim, "email", "email_verified", "name", "preferred_username"]) merged[claim] = claims[claim] ?? info[claim];
        return merged;
      },
    },
    profile(profile) {
      return { id: String(profile.sub ?? ""), name: typeof profile.name === "string" ? profile.name : null, email: typeof profile.email === "string" ? profile.email : null, role: "VIEWER", sid: "" };
    },
  };
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_HOURS * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  secret: process.env.NEXTAUTH_SECRET,
  providers: [
    ...(passwordSignIn === "off" ? [] : [passwordProvider]),
    ...(sso ? [oidcProvider(sso)] : []),
  ],
  callbacks: {
    // Through the identity provider: the account, its role and teams, and a session of ours (lib/auth/sso.ts).
    async signIn({ user, account, profile }) {
      if (account?.provider !== "oidc") return true;
      if (!sso || !profile) return `/login?error=${SIGN_IN_ERRORS.failed}`;
      try {
        const outcome = await signInWithProvider(profile as ProviderClaims, sso, currentClient() ?? { ip: "unknown", userAgent: "" });
        if (outcome.kind === "refused") return `/login?error=${SSO_ERRORS[outcome.reason]}`;
        Object.assign(user, { ...outcome.user, sid: outcome.sessionId });
        return true;
      } catch (error) {
        console.error("single sign-on failed", error);
        return `/login?error=${SIGN_IN_ERRORS.failed}`;
      }
    },
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = user.role;
        token.sid = user.sid;
      }
      return token;
    },
    session({ session, token }) {
      if (token.uid && token.sid && session.user) {
        session.user = { id: token.uid, name: token.name ?? "", email: token.email ?? "", role: token.role ?? "VIEWER", sid: token.sid };
      }
      return session;
    },
    // Only ever back to this site.
    redirect({ url, baseUrl }) {
      const path = url.startsWith(baseUrl) ? url.slice(baseUrl.length) || "/" : url;
      return `${baseUrl}${safeRedirectPath(path)}`;
    },
  },
  events: {
    // The cookie is deleted by next-auth; the session it names ends here, so a copy of the cookie is worthless.
    async signOut({ token }) {
      if (token?.sid) await endSession(token.sid);
    },
  },
};
