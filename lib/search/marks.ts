/** Where ts_headline marks a matched word: ⟦word⟧. Shared by server and browser code. */
export const MARK_START = "⟦";
export const MARK_END = "⟧";

/** Splits a snippet into plain and matched parts, for rendering without any HTML from the database. */
export function snippetParts(snippet: string): { text: string; match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  const pattern = new RegExp(`${MARK_START}(.*?)${MARK_END}`, "gs");
  let last = 0;
  for (const found of snippet.matchAll(pattern)) {
    if (found.index > last) parts.push({ text: snippet.slice(last, found.index), match: false });
    parts.push({ text: found[1]!, match: true });
    last = found.index + found[0].length;
  }
  if (last < snippet.length) parts.push({ text: snippet.slice(last), match: false });
  return parts.map((part) => ({ ...part, text: part.text.replaceAll(MARK_START, "").replaceAll(MARK_END, "") }));
}
