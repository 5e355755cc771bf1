"use client";

import { useEffect, useState } from "react";
import { askWorker } from "./offline-saver";

// "Keep offline" on a system's overview: the service worker saves every page of the
// system on this device (overview, print sheet, failure modes, procedures) and refreshes
// them while online, so they open when the network or the portal is gone. Shown only where
// a service worker can run (HTTPS, or localhost).

type Kept = { slug: string; name: string; savedAt: string; pages: string[] } | null;
type Answer = { ok: boolean; kept?: Kept; error?: string };

const savedAt = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

export function KeepOffline({ slug }: { slug: string }) {
  const [state, setState] = useState<{ ready: boolean; kept: Kept; busy: boolean; error: string }>({ ready: false, kept: null, busy: false, error: "" });

  useEffect(() => {
    let live = true;
    void askWorker<Answer>({ type: "status", slug }, 10_000).then((answer) => {
      if (live && answer?.ok) setState((current) => ({ ...current, ready: true, kept: answer.kept ?? null }));
    });
    return () => {
      live = false;
    };
  }, [slug]);

  if (!state.ready) return null;
  const toggle = async () => {
    setState((current) => ({ ...current, busy: true, error: "" }));
    const answer = await askWorker<Answer>({ type: state.kept ? "forget" : "keep", slug });
    setState((current) => ({
      ...current,
      busy: false,
      kept: answer?.ok ? (answer.kept ?? null) : current.kept,
      error: answer?.ok ? "" : `Could not change what this device keeps: ${answer?.error ?? "no answer"}. Try again when the connection is back.`,
    }));
  };
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <button type="button" aria-pressed={!!state.kept} disabled={state.busy} onClick={() => void toggle()} className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-2 font-semibold text-slate-900 hover:bg-slate-100 disabled:opacity-60 aria-pressed:border-emerald-700 aria-pressed:bg-emerald-50 aria-pressed:text-emerald-900">
        {state.busy ? "Saving…" : state.kept ? "✓ Kept offline" : "Keep offline"}
      </button>
      <span aria-live="polite" className="text-slate-700">
        {state.kept ? `${state.kept.pages.length} pages saved on this device, ${savedAt.format(new Date(state.kept.savedAt))}` : ""}
        {state.error ? <span className="text-red-800">{state.error}</span> : null}
      </span>
    </div>
  );
}
