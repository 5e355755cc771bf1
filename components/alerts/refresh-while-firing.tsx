"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

const EVERY_MS = 30_000;

/**
 * While something fires, the page asks the portal again every 30 seconds, so a resolved
 * alert clears and a new one shows without a reload; never while the person is typing or
 * the tab is hidden. Without scripts, a reload does the same.
 */
export function RefreshWhileFiring() {
  const router = useRouter();
  useEffect(() => {
    const timer = window.setInterval(() => {
      const typing = document.activeElement instanceof HTMLInputElement || document.activeElement instanceof HTMLTextAreaElement || document.activeElement instanceof HTMLSelectElement;
      if (document.visibilityState === "visible" && !typing) router.refresh();
    }, EVERY_MS);
    return () => window.clearInterval(timer);
  }, [router]);
  return null;
}
