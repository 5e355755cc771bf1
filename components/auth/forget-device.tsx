"use client";

import { useEffect } from "react";

/**
 * After signing out: drops what the portal kept in this browser's storage (drafts of run
 * notes). The service worker drops its saved pages when it sees the sign-out (public/sw.js)
 * and the server's Clear-Site-Data drops the HTTP cache.
 */
export function ForgetDevice() {
  useEffect(() => {
    try {
      window.localStorage.clear();
      window.sessionStorage.clear();
    } catch {
      // Storage off in this browser: nothing was kept.
    }
  }, []);
  return null;
}
