"use client";

import { useEffect } from "react";
import { usePathname } from "next/navigation";

// Registers the service worker (public/sw.js) that keeps runbooks readable offline, and
// tells it each page this person opens: the portal's own links change pages without a
// navigation the worker would see, so it fetches and keeps the page itself. Service
// workers need a secure context (HTTPS, or localhost): elsewhere this does nothing.

export function OfflineSaver() {
  const pathname = usePathname();

  useEffect(() => {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
    // Once the page has loaded: the worker never competes with the page someone came for.
    const register = () => void navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
    if (document.readyState === "complete") register();
    else window.addEventListener("load", register, { once: true });
    return () => window.removeEventListener("load", register);
  }, []);

  useEffect(() => {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
    void navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage({ type: "opened", path: pathname }));
  }, [pathname]);

  return null;
}

/** Asks the service worker something and waits for its answer: null without a worker, or without an answer within `waitMs`. */
export async function askWorker<T>(message: Record<string, unknown>, waitMs = 60_000): Promise<T | null> {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return null;
  const registration = await navigator.serviceWorker.ready;
  if (!registration.active) return null;
  return new Promise<T | null>((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), waitMs);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve(event.data as T);
    };
    registration.active!.postMessage(message, [channel.port2]);
  });
}
