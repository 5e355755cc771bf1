"use client";

import { useEffect } from "react";
import { useRouter } from "next/navigation";

/**
 * While a task runs, asks the server for its page again every 2 seconds (the page is
 * rendered anew, the progress region announced politely); without JavaScript, the page's
 * Refresh link does the same.
 */
export function Refresher({ running }: { running: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => router.refresh(), 2_000);
    return () => clearInterval(timer);
  }, [running, router]);
  return null;
}
