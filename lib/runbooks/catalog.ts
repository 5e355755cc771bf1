import "server-only";
import { db } from "@/lib/db";
import { catalogEntity, catalogYaml, type CatalogSystem } from "./sources/backstage-export";

// Systems as a Backstage catalog: catalog-info.yaml with one entity per system, each
// linking back to its overview in the portal (a metadata.links entry and an annotation),
// so the catalog's page of a service leads to its runbook.

type Components = CatalogSystem["components"];

/** The live systems (or the one with `slug`) as catalog entities, in slug order; `portal` is the portal's address. */
export async function exportCatalog(portal: string, slug?: string): Promise<string | null> {
  const systems = await db.system.findMany({
    where: { deletedAt: null, ...(slug ? { slug } : {}) },
    orderBy: { slug: "asc" },
    select: {
      slug: true,
      name: true,
      purpose: true,
      tier: true,
      links: true,
      components: true,
      owner: { select: { key: true, kind: true, deletedAt: true } },
      dependencies: {
        where: { deletedAt: null },
        orderBy: { key: "asc" },
        select: { name: true, dependsOnSystem: { select: { slug: true, components: true, deletedAt: true } } },
      },
    },
  });
  if (slug && systems.length === 0) return null;
  const base = portal.replace(/\/+$/, "");
  const entities = systems.map((system) =>
    catalogEntity(
      {
        slug: system.slug,
        name: system.name,
        purpose: system.purpose,
        tier: system.tier,
        links: system.links as CatalogSystem["links"],
        components: system.components as Components,
        owner: system.owner && !system.owner.deletedAt ? { key: system.owner.key, kind: system.owner.kind } : null,
        dependencies: system.dependencies.map((d) => ({
          name: d.name,
          dependsOn: d.dependsOnSystem && !d.dependsOnSystem.deletedAt ? { slug: d.dependsOnSystem.slug, components: d.dependsOnSystem.components as Components } : null,
        })),
      },
      `${base}/systems/${system.slug}`,
    ),
  );
  return catalogYaml(entities);
}
