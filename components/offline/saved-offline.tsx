"use client";

import { useEffect, useState } from "react";
import { askWorker } from "./offline-saver";

type Copy = { path: string; title: string; savedAt: string };
type Listing = { ok: boolean; copies: Copy[]; kept: { slug: string; name: string; savedAt: string }[] };

const when = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });

/** The pages saved on this device, as the service worker lists them. */
export function SavedOffline() {
  const [listing, setListing] = useState<Listing | "none" | null>(null);

  useEffect(() => {
    let live = true;
    void askWorker<Listing>({ type: "list" }, 10_000).then((answer) => {
      if (live) setListing(answer?.ok ? answer : "none");
    });
    return () => {
      live = false;
    };
  }, []);

  if (listing === null) return <p className="text-slate-600">Reading what this device keeps…</p>;
  if (listing === "none") {
    return (
      <p className="rounded-lg border border-amber-300 bg-amber-50 p-3">
        This browser cannot save pages for offline reading here: it needs a secure connection (HTTPS, or the portal on localhost) and service workers allowed.
      </p>
    );
  }
  const pages = listing.copies;
  return (
    <section aria-labelledby="saved" className="space-y-2">
      <h2 id="saved" className="text-lg font-bold">On this device ({pages.length})</h2>
      {listing.kept.length ? <p>Kept offline: {listing.kept.map((system) => system.name).join(", ")}.</p> : null}
      {pages.length === 0 ? <p className="text-slate-600">Nothing saved yet.</p> : null}
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-300 bg-white">
        {pages.map((copy) => (
          <li key={copy.path} className="flex flex-wrap items-baseline justify-between gap-2 px-3 py-2">
            <a href={copy.path}>{copy.title}</a>
            <span className="text-sm text-slate-600">saved {when.format(new Date(copy.savedAt))}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
