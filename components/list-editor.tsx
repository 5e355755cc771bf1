"use client";

import { useEffect, useId, useRef, useState } from "react";

// An editable list of rows (components, links, steps, alert names…): add, remove, move
// up and down, all by keyboard. Inputs are named "<name>.<index>.<column>" for
// formToObject, or "<name>.<index>" when the list holds plain strings (`scalar`).

export type ListColumn = { key: string; label: string; placeholder?: string; multiline?: boolean; mono?: boolean; wide?: boolean };

export type ListEditorProps = {
  name: string;
  legend: string;
  itemLabel: string;
  columns: ListColumn[];
  initial: Record<string, string>[] | string[];
  errors?: Record<string, string[]>;
  hint?: string;
  /** The list holds strings, edited through the one column. */
  scalar?: boolean;
  /** Label of the add button, e.g. "Add step"; defaults to "Add <item label>". */
  addLabel?: string;
};

type Row = { id: number; values: Record<string, string> };

let nextId = 1;

export function ListEditor({ name, legend, itemLabel, columns, initial, errors = {}, hint, scalar = false, addLabel }: ListEditorProps) {
  const [rows, setRows] = useState<Row[]>(() =>
    initial.map((values) => ({ id: nextId++, values: typeof values === "string" ? { [columns[0]!.key]: values } : values })),
  );
  const [announcement, setAnnouncement] = useState("");
  const baseId = useId();
  // A row just added gets the focus, so keyboard users type straight into it.
  const focusRow = useRef<number | null>(null);
  useEffect(() => {
    if (focusRow.current === null) return;
    document.getElementById(`${baseId}-${focusRow.current}-${columns[0]!.key}`)?.focus();
    focusRow.current = null;
  });

  const update = (id: number, key: string, value: string) =>
    setRows((current) => current.map((row) => (row.id === id ? { ...row, values: { ...row.values, [key]: value } } : row)));
  const move = (index: number, by: number) => {
    setRows((current) => {
      const next = [...current];
      const [row] = next.splice(index, 1);
      next.splice(index + by, 0, row!);
      return next;
    });
    setAnnouncement(`${itemLabel} ${index + 1} moved to position ${index + 1 + by}`);
  };
  const add = () => {
    const id = nextId++;
    setRows((current) => [...current, { id, values: Object.fromEntries(columns.map((c) => [c.key, ""])) }]);
    focusRow.current = id;
    setAnnouncement(`${itemLabel} ${rows.length + 1} added`);
  };
  const remove = (index: number) => {
    setRows((current) => current.filter((_, i) => i !== index));
    setAnnouncement(`${itemLabel} ${index + 1} removed`);
  };
  const listError = errors[name];

  return (
    <fieldset className="space-y-2 rounded-lg border border-slate-300 p-3">
      <legend className="px-1 text-sm font-semibold">{legend}</legend>
      {hint ? <p className="text-xs text-slate-600">{hint}</p> : null}
      {rows.length === 0 ? <p className="text-sm text-slate-600">None yet.</p> : null}
      <ol className="space-y-3">
        {rows.map((row, index) => (
          <li key={row.id} className="rounded border border-slate-200 bg-slate-50 p-2">
            <div className="flex flex-wrap items-start gap-2">
              <span className="mt-2 w-6 text-sm font-semibold text-slate-600" aria-hidden>
                {index + 1}.
              </span>
              {columns.map((column) => {
                const fieldName = scalar ? `${name}.${index}` : `${name}.${index}.${column.key}`;
                const id = `${baseId}-${row.id}-${column.key}`;
                const error = errors[fieldName];
                const common = {
                  id,
                  name: fieldName,
                  value: row.values[column.key] ?? "",
                  placeholder: column.placeholder,
                  "aria-invalid": !!error,
                  "aria-describedby": error ? `${id}-error` : undefined,
                  className: `block w-full rounded-md border border-slate-400 bg-white px-2 py-1.5 text-sm aria-[invalid=true]:border-red-700 ${column.mono ? "font-mono" : ""}`,
                };
                return (
                  <div key={column.key} className={column.wide ? "min-w-64 flex-[2]" : "min-w-36 flex-1"}>
                    <label htmlFor={id} className="block text-xs font-medium text-slate-700">
                      {itemLabel} {index + 1}
                      {scalar ? "" : ` ${column.label.toLowerCase()}`}
                    </label>
                    {column.multiline ? (
                      <textarea rows={2} {...common} onChange={(e) => update(row.id, column.key, e.target.value)} />
                    ) : (
                      <input {...common} onChange={(e) => update(row.id, column.key, e.target.value)} />
                    )}
                    {error ? (
                      <p id={`${id}-error`} className="text-xs font-medium text-red-700">
                        {error.join(" ")}
                      </p>
                    ) : null}
                  </div>
                );
              })}
              <div className="mt-4 flex gap-1">
                <button type="button" className="rounded border border-slate-300 bg-white px-2 py-1 text-xs disabled:opacity-40" onClick={() => move(index, -1)} disabled={index === 0} aria-label={`Move ${itemLabel.toLowerCase()} ${index + 1} up`}>
                  ↑
                </button>
                <button type="button" className="rounded border border-slate-300 bg-white px-2 py-1 text-xs disabled:opacity-40" onClick={() => move(index, 1)} disabled={index === rows.length - 1} aria-label={`Move ${itemLabel.toLowerCase()} ${index + 1} down`}>
                  ↓
                </button>
                <button type="button" className="rounded border border-red-300 bg-white px-2 py-1 text-xs text-red-800" onClick={() => remove(index)} aria-label={`Remove ${itemLabel.toLowerCase()} ${index + 1}`}>
                  Remove
                </button>
              </div>
            </div>
          </li>
        ))}
      </ol>
      {listError ? <p className="text-sm font-medium text-red-700">{listError.join(" ")}</p> : null}
      <button type="button" onClick={add} className="rounded border border-slate-400 bg-white px-3 py-1.5 text-sm font-semibold hover:bg-slate-100">
        {addLabel ?? `Add ${itemLabel.toLowerCase()}`}
      </button>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
    </fieldset>
  );
}
