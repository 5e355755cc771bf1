"use client";

import { useId, useState, type ReactNode } from "react";

// Picks several entries from a list (contacts of an escalation level, procedures of a
// failure mode): checkboxes, a filter box when the list is long, all by keyboard.
// Checked ids are submitted as "<name>[]".

export type PickerOption = { id: string; label: string; detail?: string };

export type CheckboxPickerProps = {
  name: string;
  legend: string;
  options: PickerOption[];
  selected: string[];
  onSelectedChange?: (ids: string[]) => void;
  errors?: string[];
  hint?: ReactNode;
  emptyText: ReactNode;
  children?: ReactNode;
};

export function CheckboxPicker({ name, legend, options, selected, onSelectedChange, errors, hint, emptyText, children }: CheckboxPickerProps) {
  const [filter, setFilter] = useState("");
  const [localSelected, setLocalSelected] = useState(selected);
  const checked = onSelectedChange ? selected : localSelected;
  const setChecked = onSelectedChange ?? setLocalSelected;
  const id = useId();
  const needle = filter.trim().toLowerCase();
  const shown = needle ? options.filter((o) => `${o.label} ${o.detail ?? ""}`.toLowerCase().includes(needle) || checked.includes(o.id)) : options;

  return (
    <fieldset className="space-y-2 rounded-lg border border-slate-300 p-3" aria-describedby={errors?.length ? `${id}-error` : undefined}>
      <legend className="px-1 text-sm font-semibold">{legend}</legend>
      {hint ? <p className="text-xs text-slate-600">{hint}</p> : null}
      {options.length > 8 ? (
        <div>
          <label htmlFor={`${id}-filter`} className="block text-xs font-medium text-slate-700">
            Filter {legend.toLowerCase()}
          </label>
          <input
            id={`${id}-filter`}
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            className="w-64 rounded-md border border-slate-400 bg-white px-2 py-1.5 text-sm"
          />
        </div>
      ) : null}
      {options.length === 0 ? <p className="text-sm text-slate-600">{emptyText}</p> : null}
      <ul className="grid gap-1 sm:grid-cols-2">
        {shown.map((option) => (
          <li key={option.id}>
            <label className="flex items-start gap-2 rounded px-1 py-0.5 text-sm hover:bg-slate-100">
              <input
                type="checkbox"
                name={`${name}[]`}
                value={option.id}
                checked={checked.includes(option.id)}
                onChange={(e) => setChecked(e.target.checked ? [...checked, option.id] : checked.filter((c) => c !== option.id))}
                className="mt-1"
              />
              <span>
                {option.label}
                {option.detail ? <span className="text-slate-600"> · {option.detail}</span> : null}
              </span>
            </label>
          </li>
        ))}
      </ul>
      {/* Checked entries hidden by the filter are still submitted. */}
      {checked
        .filter((c) => !shown.some((o) => o.id === c))
        .map((c) => (
          <input key={c} type="hidden" name={`${name}[]`} value={c} />
        ))}
      {errors?.length ? (
        <p id={`${id}-error`} className="text-sm font-medium text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
      {children}
    </fieldset>
  );
}
