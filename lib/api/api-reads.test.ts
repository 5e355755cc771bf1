import { expect, test } from "vitest";
import { db } from "@/lib/db";
import { as, editor, ifMatch, tokens, setUpApiDatabase, type Json } from "./api-test-setup";

// Reading through the API as the pages read: systems by slug, lists filtered and paged
// while others write, an alert's runbooks as Markdown.

await setUpApiDatabase("api_reads");

test("systems with long slugs are reachable by slug; the export takes an id too", async () => {
  const slug = `a-very-long-system-slug-that-goes-well-past-forty-characters-${Math.random().toString(36).slice(2, 6)}`;
  const created = await editor().post("/api/v1/systems", { slug, name: "Long slug", tier: "TIER_4" });
  expect(created.headers.get("location")).toBe(`/api/v1/systems/${slug}`);
  expect((await editor().get(`/api/v1/systems/${slug}`)).status).toBe(200);
  expect((await editor().get(`/api/v1/systems/${(created.body as Json).id}/export`)).text).toContain(`slug: ${slug}`);
});

test("lists filter as the browse pages do", async () => {
  const sev2 = (await editor().get("/api/v1/failure-modes?severity=SEV2&limit=200")).body as { items: Json[]; total: number };
  expect(sev2.items.length).toBeGreaterThan(0);
  expect(sev2.items.every((item) => item.severity === "SEV2")).toBe(true);
  expect(sev2.total).toBe(await db.failureMode.count({ where: { severity: "SEV2", deletedAt: null } }));
  const system = (await editor().get("/api/v1/systems/ad-performance-pull")).body as Json;
  const ofSystem = (await editor().get("/api/v1/procedures?system=ad-performance-pull&limit=200")).body as { items: Json[] };
  expect(ofSystem.items.length).toBeGreaterThan(0);
  expect(ofSystem.items.every((item) => item.systemId === system.id)).toBe(true);
  const found = (await editor().get("/api/v1/failure-modes?q=timeout&limit=200")).body as { items: Json[]; total: number };
  expect(found.items.length).toBeGreaterThan(0);
  expect(found.total).toBe(found.items.length);
  expect(found.items.every((item) => JSON.stringify(item).toLowerCase().includes("time"))).toBe(true);
});

test("paging never skips or repeats an entry while others create, change and delete entries", async () => {
  const tag = Math.random().toString(36).slice(2, 6);
  for (let index = 0; index < 23; index++) await editor().post("/api/v1/contacts", { name: `Pager ${tag} ${index}`, kind: "PERSON" });
  const start = ((await editor().get("/api/v1/contacts?limit=200")).body as { items: (Json & { id: string; version: number })[] }).items;
  const seen: string[] = [];
  let cursor: string | null = null;
  let round = 0;
  let deletedOne = false;
  do {
    const page = (await editor().get(`/api/v1/contacts?limit=7${cursor ? `&cursor=${cursor}` : ""}`)).body as { items: { id: string }[]; nextCursor: string | null; total: number };
    seen.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
    // Meanwhile: a new contact, a renamed one, and one deleted that this walk has already seen.
    await editor().post("/api/v1/contacts", { name: `Pager ${tag} new ${round}`, kind: "PERSON" });
    const renamed = start[(round * 5) % start.length]!;
    const current = (await editor().get(`/api/v1/contacts/${renamed.id}`)).body as { version: number };
    await editor().patch(`/api/v1/contacts/${renamed.id}`, { notes: `round ${round}`, changeNote: "paging test" }, ifMatch(current.version));
    const gone = await db.contact.findFirst({ where: { id: { in: seen }, name: { startsWith: `Pager ${tag}` }, deletedAt: null }, select: { id: true, version: true } });
    if (gone && !deletedOne) {
      expect((await editor().delete(`/api/v1/contacts/${gone.id}`, { changeNote: "paging test" }, ifMatch(gone.version))).status).toBe(200);
      deletedOne = true;
    }
    round++;
  } while (cursor);
  expect(new Set(seen).size).toBe(seen.length);
  for (const contact of start) expect(seen).toContain(contact.id);
  expect(round).toBeGreaterThan(3);
  expect(deletedOne).toBe(true);
});

test("GET /api/v1/alerts/<name> as Markdown: Accept: text/markdown or ?format=md, commands as stored", async () => {
  const mode = await db.failureMode.findFirstOrThrow({ where: { alertNames: { has: "InvoiceParserTimeout" } }, select: { procedures: { where: { deletedAt: null }, select: { steps: true } } } });
  const commands = mode.procedures.flatMap((procedure) => (procedure.steps as { command: string }[]).map((step) => step.command)).filter(Boolean);
  expect(commands.length).toBeGreaterThan(0);
  for (const options of [{ headers: { accept: "text/markdown" } }, {}]) {
    const path = "accept" in (options.headers ?? {}) ? "/api/v1/alerts/InvoiceParserTimeout" : "/api/v1/alerts/InvoiceParserTimeout?format=md";
    const answer = await as(tokens.editorRead).get(path, options);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(answer.text.startsWith("# Lambda timeout\n")).toBe(true);
    for (const command of commands) expect(answer.text).toContain(`\n\`\`\`\n${command}\n\`\`\`\n`);
    expect(answer.text.indexOf("## Immediate actions")).toBeLessThan(answer.text.indexOf("## Who to call"));
  }
  expect((await as(null).get("/api/v1/alerts/InvoiceParserTimeout", { headers: { accept: "text/markdown" } })).status).toBe(401);
  const missing = await editor().get("/api/v1/alerts/NoSuchAlertAnywhere", { headers: { accept: "text/markdown" } });
  expect(missing.status).toBe(404);
  expect(missing.text).toContain("No failure mode lists the alert `NoSuchAlertAnywhere`");
});
