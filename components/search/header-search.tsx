"use client";

import { useEffect, useId, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { Snippet } from "./snippet";
import type { EntryType } from "@/lib/entries";

// The search box in the header: "/" focuses it from anywhere; suggestions appear as you
// type (an ARIA 1.2 combobox: arrows move, Enter opens, Escape closes). Without
// JavaScript it is a plain form that opens /search.

type Suggestion = { type: EntryType; id: string; title: string; href: string; systemName: string | null; snippet: string };

const DEBOUNCE_MS = 150;

function isTyping(target: EventTarget | null) {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName));
}

/** `labels`: each entry type's name, from the server (the entry descriptors stay out of the browser's JavaScript). */
export function HeaderSearch({ labels }: { labels: Record<EntryType, string> }) {
  const router = useRouter();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [q, setQ] = useState("");
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    const text = q.trim();
    if (!text) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setLoading(true);
      try {
        const response = await fetch(`/api/search?limit=8&q=${encodeURIComponent(text)}`, { signal: controller.signal });
        if (!response.ok) return;
        const body = (await response.json()) as { hits: Suggestion[] };
        setSuggestions(body.hits);
        setActive(-1);
        setOpen(true);
      } catch {
        // aborted by newer typing, or offline: the form still submits to /search
      } finally {
        if (!controller.signal.aborted) setLoading(false);
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q]);

  const listId = `${id}-suggestions`;
  const optionId = (index: number) => `${id}-option-${index}`;
  const expanded = open && q.trim() !== "" && suggestions.length > 0;

  const go = (href: string) => {
    setOpen(false);
    router.push(href);
  };

  return (
    <form
      role="search"
      aria-label="Search every runbook"
      action="/search"
      method="get"
      className="relative w-full sm:w-80"
      onSubmit={(event) => {
        event.preventDefault();
        const chosen = expanded && active >= 0 ? suggestions[active] : undefined;
        go(chosen ? chosen.href : `/search?q=${encodeURIComponent(q.trim())}`);
      }}
    >
      <label htmlFor={`${id}-input`} className="sr-only">Search runbooks</label>
      <input
        ref={input}
        id={`${id}-input`}
        name="q"
        type="search"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        aria-keyshortcuts="/"
        placeholder="Search alerts, errors, hosts…  /"
        value={q}
        onChange={(event) => {
          setQ(event.target.value);
          if (!event.target.value.trim()) setSuggestions([]);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" && suggestions.length) {
            event.preventDefault();
            setOpen(true);
            setActive((current) => (current + 1) % suggestions.length);
          } else if (event.key === "ArrowUp" && suggestions.length) {
            event.preventDefault();
            setOpen(true);
            setActive((current) => (current <= 0 ? suggestions.length - 1 : current - 1));
          } else if (event.key === "Escape" && expanded) {
            // First Escape closes the list; the next one clears the box (the browser's own).
            event.preventDefault();
            setOpen(false);
          }
        }}
        className="w-full rounded-md border border-slate-400 bg-white px-3 py-1.5 text-sm"
      />
      <p className="sr-only" aria-live="polite">
        {loading ? "" : expanded ? `${suggestions.length} suggestions; arrow keys to choose, Enter to open` : ""}
      </p>
      <ul
        id={listId}
        role="listbox"
        aria-label="Suggestions"
        hidden={!expanded}
        className="absolute right-0 z-40 mt-1 max-h-[70vh] w-[min(36rem,90vw)] overflow-y-auto rounded-md border border-slate-300 bg-white py-1 text-sm shadow-lg"
      >
        {suggestions.map((suggestion, index) => (
          <li
            key={`${suggestion.type}-${suggestion.id}`}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            // mousedown, not click: the input's blur would close the list first
            onMouseDown={(event) => {
              event.preventDefault();
              go(suggestion.href);
            }}
            onMouseEnter={() => setActive(index)}
            className={`cursor-pointer px-3 py-2 ${index === active ? "bg-blue-100" : ""}`}
          >
            <span className="font-semibold">{suggestion.title}</span>
            <span className="ml-2 text-xs text-slate-600">
              {labels[suggestion.type]}
              {suggestion.systemName ? ` · ${suggestion.systemName}` : ""}
            </span>
            {suggestion.snippet ? <Snippet text={suggestion.snippet} className="block truncate text-xs text-slate-700" /> : null}
          </li>
        ))}
      </ul>
    </form>
  );
}
