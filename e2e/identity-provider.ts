import type { Server } from "node:http";
import Provider from "oidc-provider";

// A real OpenID Connect provider, in the test's own process (oidc-provider, with its
// development sign-in pages): people, their email and groups are whatever the test says,
// and can change between two sign-ins, as they do at a company's provider.

export type Person = {
  email?: string;
  emailVerified?: boolean;
  name?: string;
  groups: string[];
  /** groups only in the userinfo answer, never in the id_token (as some providers do) */
  groupsOnlyInUserinfo?: boolean;
};

export type IdentityProvider = { issuer: string; people: Map<string, Person>; close: () => Promise<void> };

export const CLIENT = { id: "runbook-portal", secret: "a client secret only these tests know, long enough" };

export async function startIdentityProvider(port: number, redirectUri: string): Promise<IdentityProvider> {
  const issuer = `http://127.0.0.1:${port}`;
  const people = new Map<string, Person>();
  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT.id, client_secret: CLIENT.secret, redirect_uris: [redirectUri], grant_types: ["authorization_code"], response_types: ["code"] }],
    scopes: ["openid", "email", "profile", "groups"],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    // Claims of the scopes in the id_token too (the provider's default keeps them for userinfo only).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: ["identity provider cookies, tests only"] },
    async findAccount(_context, id) {
      const person = people.get(id);
      if (!person) return undefined;
      return {
        accountId: id,
        async claims(use) {
          const groups = person.groupsOnlyInUserinfo && use === "id_token" ? {} : { groups: person.groups };
          return { sub: id, email: person.email, email_verified: person.emailVerified ?? true, name: person.name ?? id, ...groups };
        },
      };
    },
  });
  // Its development sign-in pages would otherwise warn on every request.
  provider.on("server_error", (_context, error) => console.error("identity provider:", error));
  const server: Server = provider.listen(port);
  await new Promise<void>((done) => server.once("listening", () => done()));
  return { issuer, people, close: () => new Promise<void>((done) => server.close(() => done())) };
}
