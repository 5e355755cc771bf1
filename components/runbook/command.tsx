import { CopyButton } from "@/components/copy-button";

export type CommandProps = { command: string };

/** A command exactly as it must be typed, with a copy button. */
export function Command({ command }: CommandProps) {
  return (
    <div className="print-avoid-break flex items-start gap-2 rounded bg-slate-900 p-2">
      <pre className="min-w-0 flex-1 overflow-x-auto whitespace-pre-wrap break-all font-mono text-sm text-slate-50">
        <code>{command}</code>
      </pre>
      <CopyButton text={command} />
    </div>
  );
}
