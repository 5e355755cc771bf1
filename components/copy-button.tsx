"use client";

import { useState } from "react";

export type CopyButtonProps = { text: string; label?: string };

export function CopyButton({ text, label = "Copy command" }: CopyButtonProps) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Clipboard API unavailable (plain http): fall back to a hidden textarea.
      const area = document.createElement("textarea");
      area.value = text;
      document.body.appendChild(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  }
  return (
    <button type="button" onClick={() => void copy()} className="no-print shrink-0 rounded border border-slate-500 bg-slate-800 px-2 py-1 text-xs font-semibold text-white hover:bg-slate-700">
      <span aria-live="polite">{copied ? "Copied" : label}</span>
    </button>
  );
}
