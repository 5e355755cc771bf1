"use client";

import { useEffect, useState } from "react";
import { usePathname, useSearchParams } from "next/navigation";

// What scripts add to the header (site-header.tsx), which works without them: one menu
// open at a time, closed by Escape (focus back on its button), tabbing out, a click
// elsewhere or a chosen link; the current page marked in the menus (aria-current); and a
// thin bar while the next page loads, since pages render whole on the server before they show.

function menus(): HTMLDetailsElement[] {
  return [...document.querySelectorAll<HTMLDetailsElement>("details[data-menu]")];
}

function closeAll(except?: Element | null) {
  for (const menu of menus()) if (menu.open && menu !== except && !menu.contains(except ?? null)) menu.open = false;
}

function markCurrent(pathname: string) {
  for (const link of document.querySelectorAll<HTMLAnchorElement>("a[data-nav-link]")) {
    const href = link.getAttribute("href") ?? "";
    const current = href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
    if (current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

/** Files to download rather than pages: the page stays, so no bar. */
const FILE = /\.(csv|jsonl|zip|ya?ml|md|json)$|[?&]format=md\b/;

/** A click that the App Router turns into a navigation to another page of this site. */
function navigatesAway(event: MouseEvent): boolean {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  const link = (event.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
  if (!link || link.target || link.hasAttribute("download")) return false;
  const url = new URL(link.href, window.location.href);
  if (FILE.test(url.pathname + url.search)) return false;
  return url.origin === window.location.origin && (url.pathname !== window.location.pathname || url.search !== window.location.search);
}

/** Longest the bar shows: a page that takes longer shows itself when it comes, the browser's own indicator says it is loading. */
const LOADING_BAR_MS = 15_000;

export function HeaderScripts() {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const here = `${pathname}?${search}`;
  const [loading, setLoading] = useState<string | null>(null);
  // A new address ends the wait (state adjusted while rendering, as React recommends over an effect).
  const [shown, setShown] = useState(here);
  if (shown !== here) {
    setShown(here);
    setLoading(null);
  }

  useEffect(() => {
    closeAll();
    markCurrent(pathname);
  }, [pathname, search]);

  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      const target = event.target as Element;
      if (target.closest("a[href]")) closeAll();
      else closeAll(target.closest("details[data-menu]"));
      if (navigatesAway(event)) {
        const from = `${window.location.pathname}?${new URLSearchParams(window.location.search).toString()}`;
        setLoading(from);
        window.setTimeout(() => setLoading((current) => (current === from ? null : current)), LOADING_BAR_MS);
      }
    };
    // Escape closes the menu the focus is in, and puts the focus back on its button.
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      const open = menus().find((menu) => menu.open && menu.contains(document.activeElement));
      if (!open) return;
      open.open = false;
      open.querySelector("summary")?.focus();
    };
    // Tabbing out of a menu closes it: an open panel would cover what the focus moved to.
    const onFocusOut = (event: FocusEvent) => {
      const menu = (event.target as Element | null)?.closest?.("details[data-menu]") as HTMLDetailsElement | null;
      if (menu?.open && event.relatedTarget instanceof Node && !menu.contains(event.relatedTarget)) menu.open = false;
    };
    // `toggle` does not bubble: listened for while capturing.
    const onToggle = (event: Event) => {
      const menu = event.target as HTMLDetailsElement;
      if (menu.matches("details[data-menu]") && menu.open) closeAll(menu);
    };
    document.addEventListener("click", onClick);
    document.addEventListener("keydown", onKey);
    document.addEventListener("focusout", onFocusOut);
    document.addEventListener("toggle", onToggle, true);
    return () => {
      document.removeEventListener("click", onClick);
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("focusout", onFocusOut);
      document.removeEventListener("toggle", onToggle, true);
    };
  }, []);

  // The bar shows from the click until the address changes.
  if (loading !== here) return null;
  return (
    <div className="page-loading fixed inset-x-0 top-0 z-[60] h-1 overflow-hidden bg-blue-100" role="progressbar" aria-label="Loading the page">
      <div className="h-full w-1/3 bg-blue-700" />
    </div>
  );
}
