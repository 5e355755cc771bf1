// What the one-page sheet left out, in words: shared by the server (lib/runbooks/sheet.ts)
// and the print page's script, which may leave out more (print-fit.tsx). No imports, so
// the browser gets only this.

/** What a part of the sheet that may be left out counts as. */
export type PartKind = "dependency" | "components" | "procedure" | "contacts" | "actions" | "impact" | "failure mode";

function plural(count: number, one: string, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

/** "+ 31 more failure modes, 12 procedures and 4 dependencies", or "" when nothing was left out. */
export function leftOutText(left: Partial<Record<PartKind, number>>): string {
  const parts = [
    left["failure mode"] ? plural(left["failure mode"], "more failure mode") : "",
    left.procedure ? plural(left.procedure, "procedure") : "",
    left.dependency ? plural(left.dependency, "dependency", "dependencies") : "",
    left.components ? "the components" : "",
    left.contacts ? "the contact list" : "",
  ].filter(Boolean);
  if (parts.length === 0) return left.actions || left.impact ? "+ further actions and impact notes" : "";
  return `+ ${parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : parts[0]}`;
}
