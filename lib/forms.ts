import type { FieldErrors } from "@/lib/validation/common";
import type { FieldChange } from "@/lib/history/diff";
import type { FieldSpec } from "@/lib/entries/descriptor";

/** What a form's server action answers with, for useActionState. */
export type FormState = {
  ok?: boolean;
  message?: string;
  fieldErrors?: FieldErrors;
  /** what the user submitted, so the form shows it again */
  values?: Record<string, unknown>;
  conflict?: ConflictInfo;
};

export type ConflictInfo = {
  yourVersion: number;
  currentVersion: number;
  changes: FieldChange[];
  authors: string[];
  names: Record<string, string>;
};

/** Bounds on what a form may hold; a real form of the portal stays far below each. */
export const FORM_LIMITS = {
  /** fields in one submission */
  fields: 2_000,
  /** characters in a field's name */
  nameLength: 120,
  /** levels of nesting, as in "steps.0.command" (3) */
  depth: 4,
  /** the highest list index; every list of the portal holds at most a few hundred entries */
  index: 999,
} as const;

/** A submission whose shape no form of the portal produces: refused before anything is built. */
export class FormShapeError extends Error {}

export type ParsedForm = {
  values: Record<string, unknown>;
  /** fields whose value holds a character that cannot be stored (NUL) */
  fieldErrors: FieldErrors;
};

// Plain names only: letters, digits, underscores, and the "[]" suffix of a multi-value field.
const KEY = /^[A-Za-z][A-Za-z0-9_]*(\[\])?$/;
const INDEX = /^(0|[1-9][0-9]{0,5})$/;
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

type Node = { kind: "object"; children: Map<string, Node> } | { kind: "list"; items: Map<number, Node> } | { kind: "value"; value: string | string[] };

/**
 * Turns untrusted form fields into an object. Names with dots and numbers build nested
 * lists: "links.0.label" → { links: [{ label }] }; "ids[]" collects every value of that
 * name. Next.js's own "$ACTION…" fields are dropped.
 *
 * Everything about the input is hostile: the shape is built in Maps (no prototype to
 * pollute), names are checked against a strict pattern, list indices and the number of
 * fields are bounded before anything is allocated, and lists come out dense (an index
 * of 10⁹ is refused, never an array of a billion holes). Throws FormShapeError for a
 * shape no form of the portal sends.
 */
export function parseForm(formData: FormData, limits = FORM_LIMITS): ParsedForm {
  const root: Node = { kind: "object", children: new Map() };
  const fieldErrors: FieldErrors = {};
  let count = 0;
  for (const [name, raw] of formData.entries()) {
    if (name.startsWith("$ACTION")) continue;
    if (++count > limits.fields) throw new FormShapeError(`This form has more than ${limits.fields} fields.`);
    if (typeof raw !== "string") continue;
    if (name.length > limits.nameLength) throw new FormShapeError("A field name is too long.");
    const path = name.split(".");
    if (path.length > limits.depth) throw new FormShapeError("A field name is nested too deeply.");
    path.forEach((part, index) => checkPart(part, index, limits));
    if (raw.includes("\u0000")) (fieldErrors[name.replace(/\[\]$/, "")] ??= []).push("Remove the NUL character (\\0): it cannot be stored.");
    insert(root, path, raw, name);
  }
  return { values: toPlain(root) as Record<string, unknown>, fieldErrors };
}

function checkPart(part: string, position: number, limits: typeof FORM_LIMITS) {
  if (/^\d+$/.test(part)) {
    if (position === 0) throw new FormShapeError("A field name cannot start with a number.");
    if (part.length > 6 || Number(part) > limits.index) throw new FormShapeError(`A list in this form goes past ${limits.index + 1} entries.`);
    if (!INDEX.test(part)) throw new FormShapeError("A list entry is numbered with a leading zero.");
    return;
  }
  if (!KEY.test(part) || FORBIDDEN.has(part.replace(/\[\]$/, ""))) throw new FormShapeError("A field name is not one this portal uses.");
}

function insert(root: Node, path: string[], value: string, name: string) {
  let node = root;
  path.forEach((part, position) => {
    const last = position === path.length - 1;
    if (node.kind === "value") throw new FormShapeError(`The field ${name} clashes with another field.`);
    if (last) {
      const many = part.endsWith("[]");
      const key = many ? part.slice(0, -2) : part;
      const existing = getChild(node, key);
      if (many && existing?.kind === "value" && Array.isArray(existing.value)) existing.value.push(value);
      else if (existing && (existing.kind !== "value" || many || Array.isArray(existing.value))) throw new FormShapeError(`The field ${name} clashes with another field.`);
      // A repeated single field keeps its last value, as a browser's own form handling would.
      else setChild(node, key, { kind: "value", value: many ? [value] : value });
      return;
    }
    const nextIsIndex = INDEX.test(path[position + 1]!);
    let child = getChild(node, part);
    if (!child) {
      child = nextIsIndex ? { kind: "list", items: new Map() } : { kind: "object", children: new Map() };
      setChild(node, part, child);
    }
    if ((child.kind === "list") !== nextIsIndex || child.kind === "value") throw new FormShapeError(`The field ${name} clashes with another field.`);
    node = child;
  });
}

function getChild(node: Node, key: string): Node | undefined {
  if (node.kind === "object") return node.children.get(key);
  if (node.kind === "list") return node.items.get(Number(key));
  return undefined;
}

function setChild(node: Node, key: string, child: Node) {
  if (node.kind === "object") {
    if (INDEX.test(key)) throw new FormShapeError("A field name cannot be only a number.");
    node.children.set(key, child);
  } else if (node.kind === "list") {
    if (!INDEX.test(key)) throw new FormShapeError("A list entry needs a number.");
    node.items.set(Number(key), child);
  }
}

/** Maps become plain objects (names are already checked) and dense arrays in index order. */
function toPlain(node: Node): unknown {
  if (node.kind === "value") return node.value;
  if (node.kind === "list") return [...node.items.entries()].sort(([a], [b]) => a - b).map(([, item]) => toPlain(item));
  return Object.fromEntries([...node.children.entries()].map(([key, child]) => [key, toPlain(child)]));
}

// A number as a person types it: digits with an optional sign, decimal point and exponent.
const TYPED_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * The number fields of an entry's form (`fields`: its descriptor's) as the schemas take
 * them. A form sends text, while the schemas take only JSON numbers (so the API and
 * imports refuse `true`, `[1]` or "0x10"): "" becomes none (null), a number as typed its
 * value, and anything else stays text, for the schema to refuse under its field.
 */
export function numbersFromForm(values: Record<string, unknown>, fields: Record<string, FieldSpec>): Record<string, unknown> {
  const result = { ...values };
  for (const [field, spec] of Object.entries(fields)) {
    const value = result[field];
    if (spec.kind !== "number" || typeof value !== "string") continue;
    const typed = value.trim();
    if (typed === "") result[field] = null;
    else if (TYPED_NUMBER.test(typed)) result[field] = Number(typed);
  }
  return result;
}

/** The values of a form, for actions that have no use for per-field NUL messages. */
export function formToObject(formData: FormData): Record<string, unknown> {
  return parseForm(formData).values;
}
