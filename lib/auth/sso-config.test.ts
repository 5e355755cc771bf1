import { describe, expect, test } from "vitest";
import { groupsOf, readAuthConfig, roleFromGroups } from "./sso-config";

const base = { RUNBOOK_OIDC_ISSUER: "https://id.example.com/realms/ops/", RUNBOOK_OIDC_CLIENT_ID: "portal", RUNBOOK_OIDC_CLIENT_SECRET: "s3cret" };

describe("single sign-on settings", () => {
  test("unset issuer: no single sign-on, passwords for everyone", () => {
    expect(readAuthConfig({})).toEqual({ sso: null, passwordSignIn: "on" });
  });
  test("defaults: the button's label, scopes and groups claim; the issuer without its trailing slash", () => {
    expect(readAuthConfig(base).sso).toMatchObject({ issuer: "https://id.example.com/realms/ops", name: "Single sign-on", scopes: "openid email profile", groupsClaim: "groups", teamGroupPrefix: null });
  });
  test("group lists are comma-separated, spaces ignored", () => {
    const config = readAuthConfig({ ...base, RUNBOOK_OIDC_ADMIN_GROUPS: " ops-admins , sre ", RUNBOOK_OIDC_VIEWER_GROUPS: "" }).sso!;
    expect(config.groups).toEqual({ admin: ["ops-admins", "sre"], editor: [], viewer: [] });
  });
  test("mistakes stop the portal with a sentence, not a half-working sign-in", () => {
    expect(() => readAuthConfig({ RUNBOOK_OIDC_ISSUER: "https://id.example.com" })).toThrow(/needs RUNBOOK_OIDC_CLIENT_ID/);
    expect(() => readAuthConfig({ ...base, RUNBOOK_OIDC_ISSUER: "id.example.com" })).toThrow(/http\(s\) address/);
    expect(() => readAuthConfig({ RUNBOOK_PASSWORD_SIGN_IN: "sometimes" })).toThrow(/on, admins or off/);
  });
});

describe("roles from groups", () => {
  const groups = { admin: ["admins"], editor: ["editors"], viewer: [] as string[] };
  test("the highest match wins", () => {
    expect(roleFromGroups(["editors", "admins"], { groups })).toBe("ADMIN");
    expect(roleFromGroups(["editors"], { groups })).toBe("EDITOR");
  });
  test("without viewer groups, everyone the provider vouches for is a viewer; with them, someone in none is refused", () => {
    expect(roleFromGroups([], { groups })).toBe("VIEWER");
    expect(roleFromGroups(["sales"], { groups: { ...groups, viewer: ["staff"] } })).toBeNull();
    expect(roleFromGroups(["staff"], { groups: { ...groups, viewer: ["staff"] } })).toBe("VIEWER");
  });
  test("a groups claim as providers send it: a list, one name, or names with commas; nothing else", () => {
    expect(groupsOf(["a", " b ", 3, ""])).toEqual(["a", "b"]);
    expect(groupsOf("a, b")).toEqual(["a", "b"]);
    expect(groupsOf(undefined)).toEqual([]);
    expect(groupsOf({ a: 1 })).toEqual([]);
  });
});
