"use client";

import { useEffect } from "react";
import { leftOutText, type PartKind } from "@/lib/runbooks/left-out";

// The sheet measured where it is laid out. The server estimates from text lengths (fonts
// differ) and errs on the side of leaving out: the parts it left out that still fit are
// put back, most important first; should the middle part hold more than its box, parts
// are hidden, least important first, until it fits. The footer says what went. Runs once
// the page and its fonts are ready, and again before printing. Without scripts the box
// still cuts the sheet to one page, and the server's choice stands.

const rank = (part: HTMLElement) => Number(part.dataset.drop);

/** Shows or hides a part, with the "… more steps online" marker standing in for its actions and the section around it. */
function show(body: HTMLElement, part: HTMLElement, shown: boolean) {
  part.hidden = !shown;
  const marker = body.querySelector<HTMLElement>(`[data-shown-when-left="${part.dataset.key}"]`);
  if (marker) marker.hidden = shown;
  const group = part.closest<HTMLElement>("[data-drop-group]");
  if (group) group.hidden = !group.querySelector("[data-drop]:not([hidden])");
}

function fit() {
  const body = document.querySelector<HTMLElement>("[data-print-body]");
  const note = document.querySelector<HTMLElement>("[data-left-out]");
  if (!body || !note) return;
  const overflows = () => body.scrollHeight > body.clientHeight + 1;
  const left = JSON.parse(note.dataset.leftOut ?? "{}") as Partial<Record<PartKind, number>>;
  const count = (part: HTMLElement, by: number) => {
    const kind = part.dataset.kind as PartKind;
    left[kind] = Math.max(0, (left[kind] ?? 0) + by);
  };
  // Put back what the server's estimate left out but still fits, most important first.
  for (const part of [...body.querySelectorAll<HTMLElement>("[data-spare][hidden]")].sort((a, b) => rank(a) - rank(b))) {
    show(body, part, true);
    if (overflows()) {
      show(body, part, false);
      break;
    }
    delete part.dataset.spare;
    count(part, -1);
  }
  // Leave out more, least important first, while it does not fit.
  for (const part of [...body.querySelectorAll<HTMLElement>("[data-drop]:not([hidden])")].sort((a, b) => rank(b) - rank(a))) {
    if (!overflows()) break;
    show(body, part, false);
    count(part, 1);
  }
  note.dataset.leftOut = JSON.stringify(left);
  const text = leftOutText(left);
  note.textContent = text ? `${text}: full runbook at ${note.dataset.full}` : "";
  note.hidden = !text;
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
