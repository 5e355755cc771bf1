import type { FieldChange } from "@/lib/history/diff";

// Renders a field-by-field comparison. `names` turns ids in snapshots into names.

export type ChangesProps = { changes: FieldChange[]; names: Record<string, string>; emptyText?: string };

function show(value: unknown, names: Record<string, string>): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  if (typeof value === "string") return names[value] ?? (/^\d{4}-\d\d-\d\dT/.test(value) ? new Date(value).toUTCString() : value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) return value.map((item) => show(item, names)).join(", ");
  if (typeof value === "object") return Object.values(value as Record<string, unknown>).filter((v) => v !== "").map((v) => show(v, names)).join(" · ");
  return String(value);
}

export function Changes({ changes, names, emptyText = "No differences." }: ChangesProps) {
  if (changes.length === 0) return <p className="text-slate-700">{emptyText}</p>;
  return (
    <dl className="divide-y divide-slate-200 rounded-lg border border-slate-300 bg-white">
      {changes.map((change) => (
        <div key={change.key} className="grid gap-2 p-3 sm:grid-cols-[12rem_1fr]">
          <dt className="font-semibold">{change.label}</dt>
          <dd className="min-w-0 text-sm">
            {change.words ? (
              <p className="whitespace-pre-wrap break-words">
                {change.words.map((part, index) =>
                  part.added ? (
                    <ins key={index} className="bg-emerald-100 text-emerald-950 no-underline decoration-emerald-700">
                      <span className="sr-only">[added: </span>
                      {part.value}
                      <span className="sr-only">]</span>
                    </ins>
                  ) : part.removed ? (
                    <del key={index} className="bg-red-100 text-red-950">
                      <span className="sr-only">[removed: </span>
                      {part.value}
                      <span className="sr-only">]</span>
                    </del>
                  ) : (
                    <span key={index}>{part.value}</span>
                  ),
                )}
              </p>
            ) : change.added || change.removed ? (
              <ul className="space-y-1">
                {change.removed?.map((item, index) => (
                  <li key={`r${index}`} className="text-red-900">
                    <span className="font-semibold">Removed:</span> {show(item, names)}
                  </li>
                ))}
                {change.added?.map((item, index) => (
                  <li key={`a${index}`} className="text-emerald-900">
                    <span className="font-semibold">Added:</span> {show(item, names)}
                  </li>
                ))}
                {change.reordered ? <li className="text-slate-700">Order changed</li> : null}
              </ul>
            ) : (
              <p>
                <del className="bg-red-100 text-red-950">{show(change.before, names)}</del> →{" "}
                <ins className="bg-emerald-100 text-emerald-950 no-underline">{show(change.after, names)}</ins>
              </p>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
