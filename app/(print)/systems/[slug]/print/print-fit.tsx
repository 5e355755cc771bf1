"use client";

import { useEffect } from "react";
import { leftOutText, type PartKind } from "@/lib/runbooks/left-out";

// The sheet measured where it is laid out: should its middle part still hold more than
// its box (the server estimates from text lengths, fonts differ), the parts that may go
// are hidden, highest rank first, until it fits, and the footer says what went. Runs once
// the page and its fonts are ready, and again before printing. Without scripts the box
// still cuts the sheet to one page.

function fit() {
  const body = document.querySelector<HTMLElement>("[data-print-body]");
  const note = document.querySelector<HTMLElement>("[data-left-out]");
  if (!body || !note) return;
  const overflows = () => body.scrollHeight > body.clientHeight + 1;
  if (!overflows()) return;
  const left = JSON.parse(note.dataset.leftOut ?? "{}") as Partial<Record<PartKind, number>>;
  const parts = [...body.querySelectorAll<HTMLElement>("[data-drop]:not([hidden])")].sort((a, b) => Number(b.dataset.drop) - Number(a.dataset.drop));
  for (const part of parts) {
    if (!overflows()) break;
    part.hidden = true;
    const kind = part.dataset.kind as PartKind;
    left[kind] = (left[kind] ?? 0) + 1;
    const marker = body.querySelector<HTMLElement>(`[data-shown-when-left="${part.dataset.key}"]`);
    if (marker) marker.hidden = false;
    const group = part.closest<HTMLElement>("[data-drop-group]");
    if (group && !group.querySelector("[data-drop]:not([hidden])")) group.hidden = true;
  }
  note.dataset.leftOut = JSON.stringify(left);
  note.textContent = `${leftOutText(left)}: full runbook at ${note.dataset.full}`;
  note.hidden = false;
}

export function PrintFit() {
  useEffect(() => {
    fit();
    void document.fonts?.ready.then(fit);
    window.addEventListener("beforeprint", fit);
    return () => window.removeEventListener("beforeprint", fit);
  }, []);
  return null;
}
