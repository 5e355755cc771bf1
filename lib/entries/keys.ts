import type { Prisma } from "@/lib/generated/prisma/client";
import type { EntityDescriptor } from "@/lib/entries";
import { delegate } from "@/lib/entries/snapshot";

// Stable keys: the names runbook files use for contacts and for the children of a system
// (lib/entries, `keyFrom`). A new entry without one gets a key made from its title or
// name, unique where its descriptor says (the same rules as the migration that gave
// existing entries theirs). A key never changes when the title does.

type Tx = Prisma.TransactionClient;

/** "Lambda timeout (Ünïcode)" → "lambda-timeout-unicode"; `fallback` when nothing is left. */
export function keyBase(text: string, fallback: string): string {
  const key = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 60)
    .replace(/^-+|-+$/g, "");
  return key || fallback;
}

/**
 * A key for a new entry of `desc` holding `values`, not yet used in its scope (deleted
 * entries included), nor `reserved` (keys given to entries created alongside).
 */
export async function freshKey(tx: Tx, desc: EntityDescriptor, values: Record<string, unknown>, reserved: (key: string) => boolean = () => false): Promise<string> {
  const base = keyBase(String(values[desc.keyFrom!] ?? ""), desc.type.toLowerCase().replace(/_/g, "-"));
  const scope = desc.ofSystem ? { systemId: values.systemId } : {};
  const rows = await delegate(tx, desc).findMany<{ key: string }>({ where: { ...scope, key: { startsWith: base.slice(0, 55) } }, select: { key: true } });
  const taken = new Set(rows.map((row) => row.key));
  let candidate = base;
  for (let n = 2; taken.has(candidate) || reserved(candidate); n++) candidate = `${base.slice(0, 55)}-${n}`;
  return candidate;
}
