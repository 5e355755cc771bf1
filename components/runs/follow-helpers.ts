import { useSyncExternalStore } from "react";
import type { StepOutcome } from "@/lib/generated/prisma/enums";

// What the parts of a followed run share (run-follower.tsx, step-panel.tsx, run-notes.tsx):
// the clock, how an outcome looks, and drafts kept in the browser until they are saved.

export const DROPPED = "Not saved: the connection to the portal dropped. What you typed is kept here; try again.";

export function clock(seconds: number) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}

export const outcomeClass: Record<StepOutcome, string> = {
  PENDING: "border-slate-300 bg-white text-slate-700",
  DONE: "border-emerald-400 bg-emerald-50 text-emerald-900",
  FAILED: "border-red-400 bg-red-50 text-red-900",
  SKIPPED: "border-amber-400 bg-amber-50 text-amber-950",
};
export const outcomeMark: Record<StepOutcome, string> = { PENDING: "○", DONE: "✓", FAILED: "✗", SKIPPED: "↷" };

// Drafts live in localStorage; components read them as an external store (React keeps
// them out of the server render and reads them once the page runs in the browser).
const draftListeners = new Set<() => void>();

function subscribeDrafts(listener: () => void) {
  draftListeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    draftListeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

/** A draft kept in this browser until it is saved: the stored text until something else is typed. */
export function useDraft(key: string, stored: string): [string, (value: string) => void, () => void] {
  const draft = useSyncExternalStore(subscribeDrafts, () => window.localStorage.getItem(key), () => null);
  const write = (next: string | null) => {
    if (next === null || next === stored) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, next);
    for (const listener of draftListeners) listener();
  };
  return [draft ?? stored, write, () => write(null)];
}

/** The time to the second, ticking in the browser; null while the page is rendered on the server. */
function subscribeSeconds(tick: () => void) {
  const timer = window.setInterval(tick, 1000);
  return () => window.clearInterval(timer);
}

export function useSecondClock(): number | null {
  return useSyncExternalStore(subscribeSeconds, () => Math.floor(Date.now() / 1000) * 1000, () => null);
}
