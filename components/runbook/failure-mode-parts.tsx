import { Markdown } from "@/components/markdown";

export function Label({ children }: { children: React.ReactNode }) {
  return <p className="text-xs font-semibold uppercase tracking-wide text-slate-600">{children}</p>;
}

export function AlertNames({ names }: { names: string[] }) {
  if (names.length === 0) return null;
  return (
    <p className="flex flex-wrap items-center gap-1.5 text-sm">
      <span>Alerts:</span>
      {names.map((name) => (
        <code key={name} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-sm">{name}</code>
      ))}
    </p>
  );
}

export function ImmediateActions({ steps, limit }: { steps: string[]; limit?: number }) {
  if (steps.length === 0) return null;
  const shown = limit ? steps.slice(0, limit) : steps;
  return (
    <ol className="list-decimal space-y-1 pl-5">
      {shown.map((step, index) => (
        <li key={index} className={index === 0 ? "font-semibold" : ""}>
          <Markdown>{step}</Markdown>
        </li>
      ))}
    </ol>
  );
}
