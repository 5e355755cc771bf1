import "server-only";
import { getEntitySnapshot } from "@/lib/entries/snapshot";
import { ENTITIES, type EntryType } from "@/lib/entries";
import type { EntityDescriptor } from "@/lib/entries/descriptor";
import { Markdown } from "@/components/markdown";
import { ENTRY_LAYOUTS } from "./forms/layouts";
import { GENERIC_KINDS, moreFieldsOf } from "./more-fields";

// The fields of an entry that its page does not lay out itself (the same ones its form
// shows after its own: more-fields.tsx), under their labels. Nothing is read when a type
// has none.

export async function MoreDetails({ type, id }: { type: EntryType; id: string }) {
  const desc = ENTITIES[type];
  const names = moreFieldsOf(desc, ENTRY_LAYOUTS[type].laidOut).filter((name) => GENERIC_KINDS.has(desc.fields[name]!.kind));
  if (names.length === 0) return null;
  const current = await getEntitySnapshot(type, id);
  return current ? <DetailList desc={desc} names={names} values={current.snapshot} /> : null;
}

export function DetailList({ desc, names, values }: { desc: EntityDescriptor; names: string[]; values: Record<string, unknown> }) {
  return (
    <section aria-labelledby="more-details" className="space-y-2">
      <h2 id="more-details" className="text-lg font-bold">More details</h2>
      <dl className="grid gap-3 md:grid-cols-2">
        {names.map((name) => {
          const value = values[name];
          const shown = value === null || value === undefined || value === "" ? "—" : String(value);
          return (
            <div key={name} className="rounded-lg border border-slate-300 bg-white p-4">
              <dt className="text-sm font-semibold text-slate-700">{desc.fields[name]!.label}</dt>
              <dd>{desc.fields[name]!.kind === "markdown" && shown !== "—" ? <Markdown>{shown}</Markdown> : shown}</dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
