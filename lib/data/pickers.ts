import "server-only";
import { db } from "@/lib/db";
import type { EntityType } from "@/lib/generated/prisma/enums";
import { ENTITIES, headingOf, type EntityDescriptor, type Reference } from "@/lib/entries";
import type { PickerChoice } from "@/components/entry/forms/types";
import { delegate } from "@/lib/entries/snapshot";

// The choices a form offers for each of its links, read from the type's references: live
// entries of the linked type, of the same system where the link requires it, never the
// entry's own system where it may not point there.


async function choicesFor(reference: Reference, systemId: string | null): Promise<PickerChoice[]> {
  const target = ENTITIES[reference.to];
  if (reference.sameSystem && !systemId) return [];
  const where: Record<string, unknown> = {
    deletedAt: null,
    ...(reference.sameSystem ? { systemId } : {}),
    ...(reference.notOwnSystem && systemId ? { id: { not: systemId } } : {}),
  };
  const select = Object.fromEntries([["id", true], ...target.heading.fields.map((f) => [f, true]), ...(target.detailField ? [[target.detailField, true]] : [])]);
  const rows = await delegate(db, target).findMany<Record<string, unknown>>({ where, select, orderBy: { [target.heading.fields[0]!]: "asc" } });
  return rows.map((row) => ({
    id: String(row.id),
    label: headingOf(target, row),
    detail: target.detailField && row[target.detailField] ? String(row[target.detailField]) : undefined,
  }));
}

/** Per linking field of `type` (ownerId, procedureIds…), the entries a form may pick. */
export async function pickerOptions(type: EntityType, systemId: string | null): Promise<Record<string, PickerChoice[]>> {
  const references = ENTITIES[type].references;
  const lists = await Promise.all(references.map((reference) => choicesFor(reference, systemId)));
  return Object.fromEntries(references.map((reference, index) => [reference.field, lists[index]!]));
}

/** What a new entry of `desc` is offered in its counting field (an escalation level): one past the system's highest. */
export async function nextInSequence(desc: EntityDescriptor, systemId: string): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ next: number }[]>(
    `SELECT (coalesce(max("${desc.sequence}"), 0) + 1)::int AS next FROM "${desc.table}" WHERE "systemId" = $1 AND "deletedAt" IS NULL`,
    systemId,
  );
  return row?.next ?? 1;
}
