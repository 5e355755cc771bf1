import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";
import { Pagination } from "@/components/ui/pagination";

// The systems list a page at a time, and the search page's system filter, with more
// systems than anyone scrolls through (each in a database of its own).

const database = await ownDatabase("runbook_systems_page");
const { db } = await import("@/lib/db");
const { listSystemsPage } = await import("./systems");
const { systemOptionsFor, SYSTEM_OPTIONS_MAX } = await import("./common");
const { listFailureModes } = await import("./failure-modes");

beforeAll(async () => {
  // Tier 2 sorts before tier 3; names sort within a tier.
  await db.system.createMany({
    data: Array.from({ length: SYSTEM_OPTIONS_MAX + 5 }, (_, i) => ({
      slug: `paged-${i}`,
      name: `Paged ${String(i).padStart(3, "0")}`,
      tier: i % 2 ? "TIER_3" : "TIER_2",
      purpose: i < 7 ? "Moves zebrafish telemetry" : "",
    })),
  });
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("the systems list, a page at a time", () => {
  test("pages follow tier and name, together hold every system once, and a page past the end is the last", async () => {
    const first = await listSystemsPage({}, 1, 40);
    expect(first).toMatchObject({ total: SYSTEM_OPTIONS_MAX + 5, pages: 3, page: 1, size: 40 });
    expect(first.rows).toHaveLength(40);
    const all = [first, await listSystemsPage({}, 2, 40), await listSystemsPage({}, 3, 40)].flatMap((p) => p.rows);
    expect(all.map((s) => s.slug).sort()).toEqual(Array.from({ length: SYSTEM_OPTIONS_MAX + 5 }, (_, i) => `paged-${i}`).sort());
    const key = (s: (typeof all)[number]) => `${s.tier} ${s.name}`;
    expect(all.map(key)).toEqual([...all.map(key)].sort());
    const past = await listSystemsPage({}, 99, 40);
    expect(past.page).toBe(3);
    expect(past.rows.map((s) => s.slug)).toEqual(all.slice(80).map((s) => s.slug));
  });

  test("with the filter box, pages are slices of the search order", async () => {
    const first = await listSystemsPage({ q: "zebrafish" }, 1, 3);
    expect(first).toMatchObject({ total: 7, pages: 3 });
    const pages = [first, await listSystemsPage({ q: "zebrafish" }, 2, 3), await listSystemsPage({ q: "zebrafish" }, 3, 3)];
    expect(pages.map((p) => p.rows.length)).toEqual([3, 3, 1]);
    expect(new Set(pages.flatMap((p) => p.rows.map((s) => s.slug)))).toEqual(new Set(Array.from({ length: 7 }, (_, i) => `paged-${i}`)));
  });

  test("the page links keep the filter and say where you are", () => {
    const html = renderToStaticMarkup(createElement(Pagination, { noun: "systems", singular: "system", page: 2, pages: 3, size: 50, total: 120, path: "/systems", params: { q: "a b", deleted: undefined } }));
    expect(html).toContain("51–100 of 120 systems · page 2 of 3");
    expect(html).toContain('href="/systems?q=a+b"'); // page 1 has no page parameter
    expect(html).toContain('href="/systems?q=a+b&amp;page=3"');
    const last = renderToStaticMarkup(createElement(Pagination, { noun: "systems", singular: "system", page: 3, pages: 3, size: 50, total: 120, path: "/systems", params: {} }));
    expect(last).not.toContain('rel="next"');
    expect(last).toContain("101–120 of 120 systems");
    expect(renderToStaticMarkup(createElement(Pagination, { noun: "systems", singular: "system", page: 1, pages: 1, size: 50, total: 1, path: "/systems", params: {} }))).toContain(">1 system<");
  });
});

describe("every browse list, a page at a time", () => {
  test("failure modes of one system: most severe first, the rest on the next page", async () => {
    const system = await db.system.findUniqueOrThrow({ where: { slug: "paged-3" } });
    await db.failureMode.createMany({
      data: (["SEV3", "SEV1", "SEV2"] as const).map((severity, i) => ({ key: `fm-${i}`, systemId: system.id, title: `Paged failure ${i}`, severity })),
    });
    const first = await listFailureModes({ systemId: system.id }, 1, 2);
    expect(first).toMatchObject({ total: 3, pages: 2, page: 1 });
    expect(first.rows.map((r) => r.severity)).toEqual(["SEV1", "SEV2"]);
    const second = await listFailureModes({ systemId: system.id }, 2, 2);
    expect(second.rows.map((r) => r.severity)).toEqual(["SEV3"]);
  });
});

describe("the search page's system filter", () => {
  test(`lists only the systems in the results (and the chosen one) past ${SYSTEM_OPTIONS_MAX} systems`, async () => {
    const [one, two] = await db.system.findMany({ where: { slug: { in: ["paged-1", "paged-2"] } }, orderBy: { slug: "asc" } });
    const some = await systemOptionsFor([one!.id, two!.id, one!.id, null]);
    expect(some).toEqual({ all: false, options: [expect.objectContaining({ slug: "paged-1" }), expect.objectContaining({ slug: "paged-2" })] });
    await db.system.updateMany({ where: { slug: { startsWith: "paged-1" } }, data: { deletedAt: new Date() } }); // paged-1, paged-10..19, paged-100..104: 16
    const few = await systemOptionsFor([]);
    expect(few.all).toBe(true);
    expect(few.options).toHaveLength(SYSTEM_OPTIONS_MAX + 5 - 16);
  });
});
