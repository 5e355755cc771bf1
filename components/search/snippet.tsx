import { snippetParts } from "@/lib/search/marks";

/** A search snippet with the matched words highlighted; the text is rendered as text, never as HTML. */
export function Snippet({ text, className = "" }: { text: string; className?: string }) {
  return (
    <span className={className}>
      {snippetParts(text).map((part, index) =>
        part.match ? (
          <mark key={index} className="rounded-sm bg-yellow-200 px-0.5 text-slate-950">
            {part.text}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </span>
  );
}
