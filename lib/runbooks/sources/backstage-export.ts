import type { Tier } from "@/lib/generated/prisma/enums";
import { toYaml } from "../format";
import { CATALOG_COMPONENT, OVERVIEW_ANNOTATION, TIER_ANNOTATION, parseRef, refText, type EntityRef } from "./backstage";

// A system back out as a Backstage catalog entity (catalog-info.yaml) that links to its
// runbook; the entity a system came from (its "Backstage component") is given back as it
// was. Reading catalogs into the import is backstage.ts.

export type CatalogSystem = {
  slug: string;
  name: string;
  purpose: string;
  tier: Tier;
  links: { label: string; url: string }[];
  components: { kind: string; name: string; identifier: string }[];
  owner: { key: string; kind: string } | null;
  dependencies: { name: string; dependsOn: { slug: string; components: CatalogSystem["components"] } | null }[];
};

/** The catalog ref a system was imported from (its "Backstage component"), or component:<slug>. */
function refOf(slug: string, components: CatalogSystem["components"]): EntityRef {
  const recorded = components.find((c) => CATALOG_COMPONENT.test(c.kind));
  return recorded ? parseRef(recorded.identifier, "component") : { kind: "component", namespace: "default", name: slug };
}

/** A system as a Backstage catalog entity, linking back to its overview at `overviewUrl`. */
export function catalogEntity(system: CatalogSystem, overviewUrl: string) {
  const recorded = system.components.find((c) => CATALOG_COMPONENT.test(c.kind));
  const ref = refOf(system.slug, system.components);
  const [, type, lifecycle] = /^(.*?)(?: \((.+)\))?$/.exec(recorded?.name ?? "") ?? [];
  const kind = ref.kind === "system" ? "System" : "Component";
  const dependsOn = system.dependencies
    .map((d) => (d.dependsOn ? refText(refOf(d.dependsOn.slug, d.dependsOn.components)) : /^[a-z]+:[^\s:]+$/.test(d.name) ? d.name : null))
    .filter((ref): ref is string => !!ref)
    .sort();
  const purpose = system.purpose.trim();
  return {
    apiVersion: "backstage.io/v1alpha1",
    kind,
    metadata: {
      name: ref.name,
      ...(ref.namespace !== "default" ? { namespace: ref.namespace } : {}),
      title: system.name,
      ...(purpose ? { description: purpose } : {}),
      annotations: { [OVERVIEW_ANNOTATION]: overviewUrl, [TIER_ANNOTATION]: system.tier.replace("TIER_", "") },
      links: [{ url: overviewUrl, title: "Runbook", icon: "docs", type: "runbook" }, ...system.links.map((link) => ({ url: link.url, title: link.label }))],
    },
    spec: {
      ...(kind === "Component" ? { type: type && type !== "component" ? type : "service", lifecycle: lifecycle ?? "production" } : {}),
      owner: system.owner ? `${system.owner.kind === "PERSON" ? "user" : "group"}:${system.owner.key}` : "unknown",
      ...(dependsOn.length ? { dependsOn } : {}),
    },
  };
}

/** catalog-info.yaml: one entity per system, as several YAML documents. */
export function catalogYaml(entities: ReturnType<typeof catalogEntity>[]): string {
  return entities.map((entity) => `---\n${toYaml(entity)}`).join("");
}
