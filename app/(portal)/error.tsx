"use client";

export default function PortalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section role="alert" className="rounded-lg border border-red-300 bg-red-50 p-6">
      <h1 className="text-xl font-bold text-red-900">This page could not be loaded</h1>
      <p className="mt-2 text-red-900">Something went wrong on our side. Try again; if it keeps happening, tell an admin.</p>
      <button type="button" onClick={reset} className="mt-4 rounded-md bg-red-700 px-3 py-2 text-sm font-semibold text-white">
        Try again
      </button>
    </section>
  );
}
