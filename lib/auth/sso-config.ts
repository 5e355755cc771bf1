import { z } from "zod";
import type { Role } from "@/lib/generated/prisma/enums";

// Single sign-on through an OpenID Connect provider, configured by the environment
// (README, "Single sign-on"). Read once per process; no provider when RUNBOOK_OIDC_ISSUER
// is unset.

const list = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );

const settings = z.object({
  RUNBOOK_OIDC_ISSUER: z.url({ protocol: /^https?$/, error: "RUNBOOK_OIDC_ISSUER must be the provider's http(s) address" }).optional(),
  RUNBOOK_OIDC_CLIENT_ID: z.string().trim().optional(),
  RUNBOOK_OIDC_CLIENT_SECRET: z.string().optional(),
  RUNBOOK_OIDC_NAME: z.string().trim().max(60).optional(),
  RUNBOOK_OIDC_SCOPES: z.string().trim().optional(),
  RUNBOOK_OIDC_GROUPS_CLAIM: z.string().trim().optional(),
  RUNBOOK_OIDC_ADMIN_GROUPS: list,
  RUNBOOK_OIDC_EDITOR_GROUPS: list,
  RUNBOOK_OIDC_VIEWER_GROUPS: list,
  RUNBOOK_OIDC_TEAM_GROUP_PREFIX: z.string().trim().optional(),
  RUNBOOK_PASSWORD_SIGN_IN: z.enum(["on", "admins", "off"], { error: "RUNBOOK_PASSWORD_SIGN_IN must be on, admins or off" }).optional(),
});

export type SsoConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** the sign-in button's label */
  name: string;
  scopes: string;
  groupsClaim: string;
  groups: { admin: string[]; editor: string[]; viewer: string[] };
  /** a group named with this prefix fills the team named by the rest ("runbooks-team-payments" → team "payments") */
  teamGroupPrefix: string | null;
};

/** Who may sign in with a password: everyone, only local admin accounts (the way in while the provider is down), or nobody. */
export type PasswordSignIn = "on" | "admins" | "off";

type Config = { sso: SsoConfig | null; passwordSignIn: PasswordSignIn };

export function readAuthConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = settings.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== "")));
  if (!parsed.success) throw new Error(`Single sign-on is misconfigured: ${parsed.error.issues.map((issue) => issue.message).join("; ")}`);
  const s = parsed.data;
  const passwordSignIn = s.RUNBOOK_PASSWORD_SIGN_IN ?? "on";
  if (!s.RUNBOOK_OIDC_ISSUER) return { sso: null, passwordSignIn };
  if (!s.RUNBOOK_OIDC_CLIENT_ID || !s.RUNBOOK_OIDC_CLIENT_SECRET) {
    throw new Error("Single sign-on is misconfigured: RUNBOOK_OIDC_ISSUER needs RUNBOOK_OIDC_CLIENT_ID and RUNBOOK_OIDC_CLIENT_SECRET");
  }
  return {
    passwordSignIn,
    sso: {
      issuer: s.RUNBOOK_OIDC_ISSUER.replace(/\/+$/, ""),
      clientId: s.RUNBOOK_OIDC_CLIENT_ID,
      clientSecret: s.RUNBOOK_OIDC_CLIENT_SECRET,
      name: s.RUNBOOK_OIDC_NAME || "Single sign-on",
      scopes: s.RUNBOOK_OIDC_SCOPES || "openid email profile",
      groupsClaim: s.RUNBOOK_OIDC_GROUPS_CLAIM || "groups",
      groups: { admin: s.RUNBOOK_OIDC_ADMIN_GROUPS, editor: s.RUNBOOK_OIDC_EDITOR_GROUPS, viewer: s.RUNBOOK_OIDC_VIEWER_GROUPS },
      teamGroupPrefix: s.RUNBOOK_OIDC_TEAM_GROUP_PREFIX || null,
    },
  };
}

let config: Config | undefined;

/** This process's configuration, read on first use. */
export function authConfig(): Config {
  return (config ??= readAuthConfig());
}

/**
 * The role the provider's groups give: the highest match wins. A person in none of them is
 * a viewer, unless viewer groups are named: then null, refused.
 */
export function roleFromGroups(groups: readonly string[], config: Pick<SsoConfig, "groups">): Role | null {
  const has = (names: string[]) => names.some((name) => groups.includes(name));
  if (has(config.groups.admin)) return "ADMIN";
  if (has(config.groups.editor)) return "EDITOR";
  if (config.groups.viewer.length === 0 || has(config.groups.viewer)) return "VIEWER";
  return null;
}

/** The groups in a claim, as providers send them: a list of names, or one name, or names separated by commas. */
export function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string").map((item) => item.trim()).filter(Boolean);
  if (typeof value === "string") return value.split(",").map((item) => item.trim()).filter(Boolean);
  return [];
}
