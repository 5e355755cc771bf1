import { randomBytes } from "node:crypto";
import { hash } from "@node-rs/argon2";
import pg from "pg";
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { E2E } from "./env";
import { freshDatabase, healthy, startInstance, type Instance } from "./instance";
import { CLIENT, startIdentityProvider, type IdentityProvider, type Person } from "./identity-provider";

// Single sign-on against a real OpenID Connect provider (oidc-provider, in this process),
// in Chromium, by the authorization code flow, on a portal of its own configured as a
// company would: roles from groups, teams from prefixed groups, passwords for admins only.

const PORTAL_PORT = E2E.port + 5;
const PROVIDER_PORT = E2E.port + 6;
const DATABASE = "single_sign_on";
const PASSWORD = "a long enough password";

let idp: IdentityProvider;
let portal: Instance;
let sql: pg.Client;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const base = `http://127.0.0.1:${PORTAL_PORT}`;
  idp = await startIdentityProvider(PROVIDER_PORT, `${base}/api/auth/callback/oidc`);
  const url = await freshDatabase(DATABASE);
  portal = startInstance(PORTAL_PORT, {
    DATABASE_URL: url,
    NEXTAUTH_URL: base,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    RUNBOOK_OIDC_ISSUER: idp.issuer,
    RUNBOOK_OIDC_CLIENT_ID: CLIENT.id,
    RUNBOOK_OIDC_CLIENT_SECRET: CLIENT.secret,
    RUNBOOK_OIDC_NAME: "Company SSO",
    RUNBOOK_OIDC_SCOPES: "openid email profile groups",
    RUNBOOK_OIDC_ADMIN_GROUPS: "portal-admins",
    RUNBOOK_OIDC_EDITOR_GROUPS: "portal-editors",
    RUNBOOK_OIDC_VIEWER_GROUPS: "portal-viewers, portal-editors, portal-admins",
    RUNBOOK_OIDC_TEAM_GROUP_PREFIX: "runbooks-team-",
    RUNBOOK_PASSWORD_SIGN_IN: "admins",
  });
  await healthy(portal);
  sql = new pg.Client({ connectionString: url });
  await sql.connect();
  const local = async (id: string, email: string, role: string) =>
    sql.query(`INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ($1, $2, $1, $3, $4, now())`, [id, email, await hash(PASSWORD), role]);
  await local("local-admin", "admin@example.com", "ADMIN");
  await local("local-editor", "editor@example.com", "EDITOR");
  await local("lou", "lou@example.com", "EDITOR");
  await sql.query(`INSERT INTO "Contact" (id, key, name, kind, "updatedAt") VALUES ('team-payments', 'payments', 'Payments team', 'TEAM', now())`);
});

test.afterAll(async () => {
  await sql?.end().catch(() => {});
  await portal?.stop();
  await idp?.close();
  await freshDatabase(DATABASE).catch(() => {});
});

/** Signs in as `id` at the provider, in a browser of its own; the page ends wherever the portal sends it. */
async function signInAs(browser: Browser, id: string, person?: Person): Promise<Page> {
  if (person) idp.people.set(id, person);
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(`${portal.base}/login`);
  await page.getByRole("button", { name: "Sign in with Company SSO" }).click();
  await page.locator('input[name="login"]').fill(id);
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  return page;
}

/** The local admin, signed in with a password (the way in while the provider is down), in a browser of its own. */
async function signInAsLocalAdmin(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const admin = await context.newPage();
  await admin.goto(`${portal.base}/login`);
  await admin.getByText("Local admin account (when single sign-on is down)").click();
  await admin.getByLabel("Email").fill("admin@example.com");
  await admin.getByLabel("Password").fill(PASSWORD);
  await admin.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(admin.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  return admin;
}

const account = async (where: string, value: string) =>
  (await sql.query<{ id: string; role: string; name: string; oidcSubject: string | null }>(`SELECT id, role, name, "oidcSubject" FROM "User" WHERE ${where} = $1`, [value])).rows[0];

test("the first sign-in makes the account, with its role and teams from the provider's groups; the audit log says so", async ({ browser }) => {
  const page = await signInAs(browser, "alice", { email: "alice@example.com", name: "Alice Anders", groups: ["portal-editors", "runbooks-team-payments"] });
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  expect(await account(`"oidcSubject"`, "alice")).toMatchObject({ role: "EDITOR", name: "Alice Anders" });
  const { rows: teams } = await sql.query(`SELECT c.key, m."fromProvider" FROM "TeamMember" m JOIN "Contact" c ON c.id = m."contactId" JOIN "User" u ON u.id = m."userId" WHERE u."oidcSubject" = 'alice'`);
  expect(teams).toEqual([{ key: "payments", fromProvider: true }]);
  const { rows: events } = await sql.query(`SELECT detail FROM "AuditEvent" WHERE action = 'signin.succeeded' AND "entityId" = (SELECT id FROM "User" WHERE "oidcSubject" = 'alice')`);
  expect(events).toHaveLength(1);
  expect(events[0].detail).toMatchObject({ provider: "Company SSO", subject: "alice", groups: ["portal-editors", "runbooks-team-payments"], role: "EDITOR" });
  // The account's first version, in its history like any change.
  const { rows: revisions } = await sql.query(`SELECT "changeNote" FROM "Revision" WHERE "entityId" = (SELECT id FROM "User" WHERE "oidcSubject" = 'alice')`);
  expect(revisions).toEqual([{ changeNote: "Signed in first through Company SSO, as editor" }]);
  await page.context().close();
});

test("admin, editor and viewer groups give those roles, the highest winning; someone in none is refused, and no account is made", async ({ browser }) => {
  for (const [id, groups, role] of [
    ["bob", ["portal-admins", "portal-viewers"], "ADMIN"],
    ["carol", ["portal-viewers"], "VIEWER"],
  ] as const) {
    const page = await signInAs(browser, id, { email: `${id}@example.com`, groups: [...groups] });
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    expect((await account(`"oidcSubject"`, id))?.role).toBe(role);
    await page.context().close();
  }
  const refused = await signInAs(browser, "dave", { email: "dave@example.com", groups: ["sales"] });
  await expect(refused.getByRole("alert").filter({ hasText: "you are in none of the groups that may use this portal" })).toBeVisible();
  expect(refused.url()).toContain("/login");
  expect(await account("email", "dave@example.com")).toBeUndefined();
  await refused.context().close();
});

test("a role lowered at the provider is lowered at the next sign-in; the team the provider no longer lists is left; someone let go is refused and their open sessions end", async ({ browser }) => {
  const before = await signInAs(browser, "erik", { email: "erik@example.com", groups: ["portal-editors", "runbooks-team-payments"] });
  await expect(before.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  expect((await account(`"oidcSubject"`, "erik"))?.role).toBe("EDITOR");

  const lowered = await signInAs(browser, "erik", { email: "erik@example.com", groups: ["portal-viewers"] });
  await expect(lowered.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  expect((await account(`"oidcSubject"`, "erik"))?.role).toBe("VIEWER");
  const { rows: teams } = await sql.query(`SELECT 1 FROM "TeamMember" m JOIN "User" u ON u.id = m."userId" WHERE u."oidcSubject" = 'erik'`);
  expect(teams).toEqual([]);
  await lowered.context().close();

  await signInAs(browser, "erik", { email: "erik@example.com", groups: [] }).then((page) => page.context().close());
  // The browser that was signed in before is signed out now.
  await before.reload();
  await expect(before).toHaveURL(/\/login/);
  await before.context().close();
});

test("groups sent only in userinfo give the role too", async ({ browser }) => {
  const page = await signInAs(browser, "fiona", { email: "fiona@example.com", groups: ["portal-admins"], groupsOnlyInUserinfo: true });
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  expect((await account(`"oidcSubject"`, "fiona"))?.role).toBe("ADMIN");
  await page.context().close();
});

test("an email the provider has not verified never opens a local account; a verified one links it", async ({ browser }) => {
  const refused = await signInAs(browser, "mallory", { email: "lou@example.com", emailVerified: false, groups: ["portal-admins"] });
  await expect(refused.getByRole("alert").filter({ hasText: "did not confirm that the email is yours" })).toBeVisible();
  expect(await account("email", "lou@example.com")).toMatchObject({ id: "lou", role: "EDITOR", oidcSubject: null });
  await refused.context().close();

  const linked = await signInAs(browser, "lou-at-the-provider", { email: "lou@example.com", emailVerified: true, groups: ["portal-editors"] });
  await expect(linked.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  expect(await account("email", "lou@example.com")).toMatchObject({ id: "lou", oidcSubject: "lou-at-the-provider" });
  await linked.context().close();
});

test("with RUNBOOK_PASSWORD_SIGN_IN=admins the password form is tucked away and refuses an editor, while a local admin gets in", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(`${portal.base}/login`);
  await expect(page.getByRole("button", { name: "Sign in with Company SSO" })).toBeVisible();
  await expect(page.getByLabel("Password")).toBeHidden();
  await page.getByText("Local admin account (when single sign-on is down)").click();
  await page.getByLabel("Email").fill("editor@example.com");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Passwords are for local admin accounts only" })).toBeVisible();
  expect(await context.cookies()).not.toContainEqual(expect.objectContaining({ name: "next-auth.session-token" }));

  await page.getByLabel("Email").fill("admin@example.com");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await context.close();
});

test("a person's teams: the dashboard starts with their systems; /teams and the team's page show members and systems; an admin adds and takes out a member", async ({ browser }) => {
  await sql.query(`UPDATE "System" SET "ownerId" = 'team-payments' WHERE slug = 'invoice-pipeline'`);
  const member = await signInAs(browser, "gina", { email: "gina@example.com", name: "Gina Gray", groups: ["portal-editors", "runbooks-team-payments"] });
  const mine = member.getByRole("region", { name: "Your teams’ systems" });
  await expect(mine.getByRole("rowheader", { name: "Invoice processing pipeline" })).toBeVisible();
  await expect(mine.getByRole("link", { name: "Payments team" })).toBeVisible();
  await member.context().close();

  const admin = await signInAsLocalAdmin(browser);
  const context = admin.context();
  // The admin is in no team: no section of that name.
  await expect(admin.getByRole("heading", { name: "Your teams’ systems" })).toHaveCount(0);

  await admin.goto(`${portal.base}/teams`);
  await admin.getByRole("link", { name: "Payments team" }).click();
  await expect(admin.getByRole("heading", { name: "Payments team", level: 1 })).toBeVisible();
  const members = admin.getByRole("region", { name: "Members" });
  await expect(members.getByRole("row", { name: /Gina Gray/ })).toContainText("Identity provider");
  await expect(admin.getByRole("region", { name: "Systems" }).getByRole("rowheader", { name: "Invoice processing pipeline" })).toBeVisible();

  await members.getByLabel("Add a person").selectOption({ label: "local-editor (editor@example.com)" });
  await members.getByRole("button", { name: "Add to team" }).click();
  await expect(members.getByRole("row", { name: /local-editor/ })).toContainText("Added by an admin");
  await members.getByRole("button", { name: "Take local-editor out of the team" }).click();
  await expect(members.getByRole("row", { name: /local-editor/ })).toHaveCount(0);
  const { rows: events } = await sql.query(`SELECT action, detail->>'from' AS "from" FROM "AuditEvent" WHERE "entityId" = 'team-payments' AND action LIKE 'team.%' ORDER BY seq`);
  expect(events.slice(-2)).toEqual([
    { action: "team.member_added", from: "admin" },
    { action: "team.member_removed", from: "admin" },
  ]);
  await context.close();
});

test("team-scoped editing, turned on by an admin: a member of the owning team sees Edit, another editor sees none and is told why", async ({ browser }) => {
  const admin = await signInAsLocalAdmin(browser);
  const context = admin.context();
  await admin.goto(`${portal.base}/admin/settings`);
  const setting = admin.locator("form").filter({ has: admin.getByRole("heading", { name: /Team-scoped editing/ }) });
  await setting.getByRole("button", { name: "Turn on" }).click();
  await expect(setting.getByText("Team-scoped editing is on now.")).toBeVisible();
  await context.close();

  try {
    const member = await signInAs(browser, "gina", { email: "gina@example.com", name: "Gina Gray", groups: ["portal-editors", "runbooks-team-payments"] });
    await member.goto(`${portal.base}/systems/invoice-pipeline`);
    await expect(member.getByRole("link", { name: "Edit", exact: true })).toBeVisible();
    await member.context().close();

    const outsider = await signInAs(browser, "hank", { email: "hank@example.com", groups: ["portal-editors"] });
    await outsider.goto(`${portal.base}/systems/invoice-pipeline`);
    await expect(outsider.getByRole("heading", { name: "Invoice processing pipeline", level: 1 })).toBeVisible();
    await expect(outsider.getByRole("link", { name: "Edit", exact: true })).toHaveCount(0);
    await outsider.goto(`${portal.base}/systems/invoice-pipeline/edit`);
    await expect(outsider.getByRole("status").filter({ hasText: "Only members of the teams that own this system, and admins, change its runbook" })).toBeVisible();

    // The overview is kept by the page cache; joining the team, or the setting turned off, shows on the next request.
    const overview = async () => {
      const answer = await outsider.request.get(`${portal.base}/systems/invoice-pipeline`, { maxRedirects: 0 });
      expect(answer.status()).toBe(200);
      return { cache: answer.headers()["x-cache"], edit: (await answer.text()).includes(`href="/systems/invoice-pipeline/edit"`) };
    };
    await overview();
    expect(await overview()).toEqual({ cache: "HIT", edit: false });
    await sql.query(`INSERT INTO "TeamMember" ("contactId", "userId") SELECT 'team-payments', id FROM "User" WHERE "oidcSubject" = 'hank'`);
    expect(await overview()).toEqual({ cache: "MISS", edit: true });
    await sql.query(`DELETE FROM "TeamMember" WHERE "userId" = (SELECT id FROM "User" WHERE "oidcSubject" = 'hank')`);
    expect(await overview()).toEqual({ cache: "MISS", edit: false });
    expect(await overview()).toEqual({ cache: "HIT", edit: false });
    await sql.query(`UPDATE "Setting" SET value = 'false' WHERE key = 'teamScopedEditing'`);
    expect(await overview()).toEqual({ cache: "MISS", edit: true });
    await outsider.context().close();
  } finally {
    await sql.query(`DELETE FROM "Setting" WHERE key = 'teamScopedEditing'`);
  }
});

test("an admin signs an account of the identity provider out everywhere at once", async ({ browser }) => {
  const person = await signInAs(browser, "ivy", { email: "ivy@example.com", name: "Ivy Iverson", groups: ["portal-viewers"] });
  await expect(person.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  const admin = await signInAsLocalAdmin(browser);
  const context = admin.context();
  await admin.goto(`${portal.base}/admin/users`);
  await expect(admin.getByRole("row", { name: /Ivy Iverson/ })).toContainText("Single sign-on");
  await admin.getByRole("button", { name: "Sign Ivy Iverson out everywhere" }).click();
  // Done, not only started (the button is disabled while the action runs, too).
  await expect(admin.getByRole("row", { name: /Ivy Iverson/ }).getByRole("status")).toContainText("Signed out of 1 session.");
  await expect(admin.getByRole("button", { name: "Sign Ivy Iverson out everywhere" })).toBeDisabled();
  await person.reload();
  await expect(person).toHaveURL(/\/login/);
  await context.close();
  await person.context().close();
});
