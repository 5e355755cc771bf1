import { diffWords } from "diff";
import type { EntityDescriptor, FieldKind } from "@/lib/entries";

// Field-by-field comparison of two snapshots of one entity: word-level changes for
// text, added and removed items for lists, before → after for everything else.

export type WordPart = { value: string; added: boolean; removed: boolean };

export type FieldChange = {
  key: string;
  label: string;
  kind: FieldKind;
  before: unknown;
  after: unknown;
  /** text and markdown fields */
  words?: WordPart[];
  /** list fields */
  added?: unknown[];
  removed?: unknown[];
  reordered?: boolean;
};

export const stable = (value: unknown): string => JSON.stringify(value, (_key, v) =>
  v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
);

function countsOf(items: unknown[]) {
  const counts = new Map<string, { item: unknown; n: number }>();
  for (const item of items) {
    const key = stable(item);
    const entry = counts.get(key) ?? { item, n: 0 };
    entry.n += 1;
    counts.set(key, entry);
  }
  return counts;
}

function minus(a: unknown[], b: unknown[]): unknown[] {
  const other = countsOf(b);
  const result: unknown[] = [];
  for (const item of a) {
    const entry = other.get(stable(item));
    if (entry && entry.n > 0) entry.n -= 1;
    else result.push(item);
  }
  return result;
}

export function compareSnapshots(
  desc: EntityDescriptor,
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [key, spec] of Object.entries(desc.fields)) {
    const a = before?.[key] ?? null;
    const b = after[key] ?? null;
    if (stable(a) === stable(b)) continue;
    const change: FieldChange = { key, label: spec.label, kind: spec.kind, before: a, after: b };
    if (spec.kind === "text" || spec.kind === "markdown") {
      const [textA, textB] = [String(a ?? ""), String(b ?? "")];
      // A text added or removed whole is one part: no word diff to run (an import of thousands of new entries).
      change.words =
        textA === "" || textB === ""
          ? [{ value: textA || textB, added: textA === "", removed: textB === "" }]
          : diffWords(textA, textB).map((part) => ({ value: part.value, added: !!part.added, removed: !!part.removed }));
    } else if (spec.kind === "list" || spec.kind === "items" || spec.kind === "refs") {
      const listA = Array.isArray(a) ? a : [];
      const listB = Array.isArray(b) ? b : [];
      change.added = minus(listB, listA);
      change.removed = minus(listA, listB);
      change.reordered = change.added.length === 0 && change.removed.length === 0;
    }
    changes.push(change);
  }
  return changes;
}

/** The entry ids a comparison shows (a changed owner, linked procedures), to be shown by name. */
export function idsInChanges(changes: FieldChange[]): string[] {
  return changes.flatMap((c) => [c.before, c.after]).flat().filter((v): v is string => typeof v === "string" && /^c[a-z0-9]{20,}$/.test(v));
}
