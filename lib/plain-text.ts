import type { Nodes, Parents, Root } from "mdast";
import { toString } from "mdast-util-to-string";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";

// Markdown as one line of plain text, for places with no room for formatting: the printed
// sheet, the offline bundle's search index, browse tables. Parsed by a real Markdown parser,
// so what is not syntax stays exactly as written: `retail_invoices_prod`, `2*3*4`,
// `~/deploy_all_now.sh` and code spans keep every character.

const parser = unified().use(remarkParse).use(remarkGfm);

const BLOCKS = new Set(["paragraph", "heading", "blockquote", "list", "listItem", "code", "table", "tableRow", "thematicBreak", "html", "definition", "footnoteDefinition"]);

/** Runs of whitespace in prose become one space; code keeps its own spacing, its lines joined by a space. */
function squeeze(text: string) {
  return text.replace(/\s+/g, " ");
}

/** The Markdown being read: emphasis inside a word (`a*b*c`, `2*3*4`) is given back as written. */
let source = "";

function intraword(node: Nodes) {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return false;
  return /[\p{L}\p{N}]/u.test(source.charAt(start - 1)) || /[\p{L}\p{N}]/u.test(source.charAt(end));
}

function inline(node: Nodes): string {
  switch (node.type) {
    case "emphasis":
    case "strong":
    case "delete":
      return intraword(node) ? source.slice(node.position!.start.offset, node.position!.end.offset) : node.children.map(inline).join("");
    case "text":
      return squeeze(node.value);
    case "inlineCode":
      return node.value;
    case "break":
      return " ";
    case "image":
      return node.alt ?? "";
    case "imageReference":
      return node.alt ?? "";
    case "footnoteReference":
      return "";
    case "html":
      return squeeze(node.value);
    default:
      return "children" in node ? (node.children as Nodes[]).map(inline).join("") : toString(node);
  }
}

/** A list item's marker: "1)", "2)" for numbered lists (never "1." that a printed list would number again), "•" otherwise. */
function marker(list: Extract<Nodes, { type: "list" }>, index: number) {
  return list.ordered ? `${(list.start ?? 1) + index})` : "•";
}

function block(node: Nodes): string {
  switch (node.type) {
    case "code":
      return node.value
        .split("\n")
        .map((line) => line.trimEnd())
        .filter(Boolean)
        .join(" ");
    case "list":
      return node.children.map((item, index) => `${marker(node, index)} ${blocks(item)}`.trim()).join(" ");
    case "table":
      return node.children.map((row) => row.children.map((cell) => inline(cell).trim()).filter(Boolean).join(" | ")).join(" / ");
    case "paragraph":
    case "heading":
      return inline(node);
    case "thematicBreak":
    case "definition":
    case "footnoteDefinition":
      return "";
    default:
      return BLOCKS.has(node.type) && "children" in node ? blocks(node as Parents) : inline(node);
  }
}

/** Markdown that is one list of one item ("1. If the parser hangs…") reads as that item: a printed list numbers it already. */
function soleItem(root: Root): Parents {
  const [only] = root.children;
  return root.children.length === 1 && only?.type === "list" && only.children.length === 1 ? only.children[0]! : root;
}

function blocks(parent: Parents): string {
  return parent.children
    .map((child) => (BLOCKS.has(child.type) ? block(child) : inline(child)).trim())
    .filter(Boolean)
    .join(" ");
}

/** Markdown as plain text on one line: no syntax, every word and identifier as written, lists flattened with their numbers. */
export function plainText(markdown: string): string {
  if (!markdown.trim()) return "";
  source = markdown;
  try {
    return blocks(soleItem(parser.parse(markdown) as Root)).trim();
  } finally {
    source = "";
  }
}

/** Shortens text to `max` characters at a word boundary, marking the cut. */
export function clip(text: string, max: number): { text: string; clipped: boolean } {
  if (text.length <= max) return { text, clipped: false };
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return { text: `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, "")}…`, clipped: true };
}
