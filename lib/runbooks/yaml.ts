import { Composer, LineCounter, Parser, visit, type Document } from "yaml";
import { CORE_SCHEMA, loadAll } from "js-yaml";

// YAML from uploads, within limits: parsing costs grow with a file's documents, nodes,
// nesting and aliases, so each is counted and bounded before the document is used. All
// of it runs in the import's worker thread (off-thread.ts), never on the server's own.

/** Aliases (*name) one document may expand: a "billion laughs" file is refused, not expanded. */
export const MAX_ALIASES = 100;

/**
 * The documents of a YAML text ("---" separated), parsed once, with duplicate keys as
 * errors and each error's line. The documents are counted on the syntax tree as it is
 * read: past `maxDocuments` none is built any more and only the count is returned, so a
 * file of 32,000 tiny documents costs no more than reading its syntax.
 */
export function parseDocuments(text: string, maxDocuments: number): { documents: Document[] } | { tooMany: number } {
  const lines = new LineCounter();
  let count = 0;
  const tokens = function* () {
    for (const token of new Parser(lines.addNewLine).parse(text)) {
      if (token.type === "document") count++;
      if (count <= maxDocuments) yield token;
    }
  };
  const documents = [...new Composer({ uniqueKeys: true }).compose(tokens())] as Document[];
  if (count > maxDocuments) return { tooMany: count };
  for (const doc of documents) for (const error of doc.errors) error.linePos = [lines.linePos(error.pos[0]), lines.linePos(error.pos[1])];
  return { documents };
}

/** How many nodes a document holds, and how deep they nest. */
export function measure(doc: Document): { nodes: number; depth: number } {
  let nodes = 0;
  let depth = 0;
  visit(doc, (_key, _node, path) => {
    nodes++;
    if (path.length > depth) depth = path.length;
  });
  return { nodes, depth };
}

/** The document's value, or why it cannot have one (too many aliases). */
export function valueOf(doc: Document): { value: unknown } | { problem: string } {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIASES }) };
  } catch (error) {
    if (error instanceof ReferenceError) return { problem: `This document expands too many aliases (*name): at most ${MAX_ALIASES} are allowed.` };
    throw error;
  }
}

/** Line numbers of offsets in `text`, found by binary search over its line starts (never by counting from the start each time). */
export function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}

/**
 * The quick way to a file's values (js-yaml: about ten times faster than the careful way's
 * syntax tree), for files without anchors (so without aliases) and within the limits on documents,
 * nodes and depth. `null` when the file must take the careful way (parseDocuments): a
 * syntax error, a duplicate key, an alias, a limit passed; that way says where and why.
 */
export function quickValues(text: string, limits: { maxDocuments: number; maxNodes: number; maxDepth: number }): { values: unknown[]; nodes: number } | null {
  // An alias needs an anchor before it: a file that defines one takes the careful way. The
  // parser's state is watched node by node (js-yaml keeps its anchors there); a parser
  // without that state is never trusted.
  let anchored = false;
  const listener = (_event: string, state: unknown) => {
    const { anchor, anchorMap } = state as { anchor?: unknown; anchorMap?: object };
    if (anchorMap === undefined || (anchor !== null && anchor !== undefined) || Object.keys(anchorMap).length > 0) anchored = true;
  };
  let values: unknown[];
  try {
    values = loadAll(text, undefined, { schema: CORE_SCHEMA, listener });
  } catch {
    return null;
  }
  if (anchored || values.length > limits.maxDocuments) return null;
  // Counted as the careful way counts its nodes: each map, list, pair, key and value.
  let nodes = 0;
  const walk = (value: unknown, depth: number): boolean => {
    if (depth > limits.maxDepth) return false;
    nodes++;
    if (Array.isArray(value)) return value.every((item) => walk(item, depth + 1));
    if (value !== null && typeof value === "object") {
      return Object.values(value).every((item) => {
        nodes += 2;
        return walk(item, depth + 2);
      });
    }
    return true;
  };
  if (!values.every((value) => walk(value, 1)) || nodes > limits.maxNodes) return null;
  return { values, nodes };
}
