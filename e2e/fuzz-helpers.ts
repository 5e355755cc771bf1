import type { APIRequestContext, APIResponse, Page } from "@playwright/test";
import { formFields, toFormData, unique } from "./fixtures";

// The variants fuzz.spec.ts sends: each payload of the portal's save, delete, restore and
// review actions made malformed, oversized or forged, and how each is posted.

type Fields = [string, string][];
export type Payload = { name: string; path: string; fields: Fields };
export type Variant = { label: string; path: string; fields: Fields; envelopeIntact: boolean };

/** A small deterministic generator, so a failing variant can be found again. */
export function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const NASTY_VALUES: [string, string][] = [
  ["empty", ""],
  ["spaces", "   "],
  ["NUL", "before\u0000after"],
  ["control characters", "\u0001\u0002\u001b[31m\u007f"],
  ["unicode", "Ünïcödé 日本語 العربية 🔥👩‍💻 e\u0301"],
  ["right-to-left override", "abc\u202Eevil"],
  ["HTML", `<script>alert(1)</script><img src=x onerror=alert(1)>`],
  ["SQL", `'; DROP TABLE "System"; --`],
  ["template", "${7*7}{{7*7}}"],
  ["huge number", "1e309"],
  ["negative", "-1"],
  ["fraction", "1.5"],
  ["not a number", "NaN"],
  ["max int + 1", "2147483648"],
  ["object text", "[object Object]"],
  ["JSON", `{"__proto__":{"polluted":true}}`],
  ["long line", "x".repeat(25_000)],
  ["newlines", "a\r\nb\rc\nd"],
  ["lone surrogate", "\ud800"],
  ["id-like", "cmwsy15tg000uho7dblun1seg"],
  ["enum-like", "SEV1"],
  ["url", "javascript:alert(1)"],
];

const NASTY_NAMES: [string, string][] = [
  ["__proto__.polluted", "x"],
  ["constructor.prototype.polluted", "x"],
  ["steps.__proto__.x", "x"],
  ["links.99999999.url", "https://example.com"],
  ["alertNames.1000", "x"],
  ["a.b.c.d.e.f", "x"],
  ["x".repeat(500), "x"],
  ["name.0", "x"],
  ["steps.0", "x"],
  ["0", "x"],
  ["$ACTION_KEY", "k"],
  ["title[]", "x"],
  ["unknownField", "x"],
  ["procedureIds[]", "not-an-id!"],
  ["contactIds[]", "cnotarealcontact0000000000"],
];

const BOUND: [string, (bound: unknown[], ids: Ids) => unknown][] = [
  ["empty", () => []],
  ["one null", () => [null]],
  ["all null", (b) => b.map(() => null)],
  ["numbers", (b) => b.map((_, i) => i)],
  ["objects", (b) => b.map(() => ({ a: 1 }))],
  ["type USER", ([, ...rest]) => ["USER", ...rest]],
  ["unknown type", ([, ...rest]) => ["NOPE", ...rest]],
  ["type of another kind", ([type, ...rest]) => [type === "CONTACT" ? "SYSTEM" : "CONTACT", ...rest]],
  ["another entry's id", ([type, , ...rest], ids) => [type, ids.otherFailureMode, ...rest]],
  ["missing id", ([type, , ...rest]) => [type, "cmissing00000000000000000", ...rest]],
  ["huge id", ([type, , ...rest]) => [type, "c".repeat(5_000), ...rest]],
  ["NUL id", ([type, , ...rest]) => [type, "c\u0000x", ...rest]],
  ["forged system", ([type, id, , ...rest], ids) => [type, id, ids.otherSystem, ...rest]],
  ["deleted system", ([type, id, , ...rest], ids) => [type, id, ids.deletedSystem, ...rest]],
  ["create under a deleted system", ([type, , , ...rest], ids) => [type, null, ids.deletedSystem, ...rest]],
  ["create under no system", ([type, , , ...rest]) => [type, null, null, ...rest]],
  ["extra arguments", (b) => [...b, "extra", 1, null]],
  ["string", () => "SYSTEM"],
  ["nested", () => [[["SYSTEM"]]]],
];

export type Ids = { otherSystem: string; deletedSystem: string; otherFailureMode: string };

const ACTION_BOUND = /^\$ACTION_\d+:1$/;
const ACTION_META = /^\$ACTION_\d+:0$/;

export function variantsOf(payload: Payload, ids: Ids, next: () => number): Variant[] {
  const out: Variant[] = [];
  const add = (label: string, fields: Fields, envelopeIntact = true) => out.push({ label: `${payload.name}: ${label}`, path: payload.path, fields, envelopeIntact });
  const own = payload.fields.filter(([key]) => !key.startsWith("$ACTION"));
  const hasBound = payload.fields.some(([key]) => ACTION_BOUND.test(key));

  for (const [key] of own) add(`without ${key}`, payload.fields.filter(([k]) => k !== key));
  for (const [key] of own) {
    for (const [label, value] of NASTY_VALUES) {
      if (next() < 0.3) add(`${key} = ${label}`, payload.fields.map(([k, v]) => [k, k === key ? value : v]));
    }
  }
  // Large values cost upload time: each payload gets them in two of its fields.
  for (const [key] of own.slice(0, 2)) {
    add(`${key} = 100 kB`, payload.fields.map(([k, v]) => [k, k === key ? "y".repeat(100_000) : v]));
    add(`${key} = 1.5 MB`, payload.fields.map(([k, v]) => [k, k === key ? "z".repeat(1_500_000) : v]));
  }
  for (const [name, value] of NASTY_NAMES) add(`field named ${name.slice(0, 40)}`, [...payload.fields, [name, value]]);
  const versions: [string, string][] = [["0", "0"], ["-5", "-5"], ["abc", "abc"], ["huge", "99999999999"], ["fraction", "1.5"], ["stale", "1"], ["future", "999"]];
  for (const [label, value] of versions) {
    if (payload.fields.some(([k]) => k === "expectedVersion")) add(`expectedVersion ${label}`, payload.fields.map(([k, v]) => [k, k === "expectedVersion" ? value : v]));
  }
  add("3,000 extra fields", [...payload.fields, ...Array.from({ length: 3_000 }, (_, i) => [`extra${i}`, "x"] as [string, string])]);
  add("every field twice", [...payload.fields, ...own]);
  if (hasBound) {
    for (const [label, edit] of BOUND) {
      add(
        `bound arguments: ${label}`,
        payload.fields.map(([k, v]) => [k, ACTION_BOUND.test(k) ? JSON.stringify(edit(JSON.parse(v) as unknown[], ids)) : v]),
      );
    }
    add("bound arguments not JSON", payload.fields.map(([k, v]) => [k, ACTION_BOUND.test(k) ? "[not json" : v]), false);
    // React refuses more than 1,000 bound arguments before any of the portal's code runs.
    add("5,000 bound arguments", payload.fields.map(([k, v]) => [k, ACTION_BOUND.test(k) ? JSON.stringify(Array.from({ length: 5_000 }, (_, i) => i)) : v]), false);
    add("bound arguments missing", payload.fields.filter(([k]) => !ACTION_BOUND.test(k)), false);
  }
  add("action metadata not JSON", payload.fields.map(([k, v]) => [k, ACTION_META.test(k) ? "{nope" : v]), false);
  add("unknown action", payload.fields.map(([k, v]) => [k, ACTION_META.test(k) ? JSON.stringify({ id: "00".repeat(21), bound: "$@1" }) : v]), false);
  add("no action fields", own, false);
  return out;
}

/**
 * The same variant as the portal's own JavaScript sends it (a "fetch action": the action id
 * in a header, the arguments as React encodes them, the form fields prefixed), or null when
 * the variant breaks the envelope that encoding needs.
 */
function asFetchAction(fields: Fields): { action: string; body: FormData } | null {
  try {
    const meta = JSON.parse(fields.find(([k]) => ACTION_META.test(k))?.[1] ?? "") as { id?: unknown };
    const bound = JSON.parse(fields.find(([k]) => ACTION_BOUND.test(k))?.[1] ?? "") as unknown;
    if (typeof meta.id !== "string" || !Array.isArray(bound)) return null;
    const body = new FormData();
    for (const [name, value] of fields) if (!name.startsWith("$ACTION")) body.append(`_1_${name}`, value);
    body.append("0", JSON.stringify([...bound, "$K1"]));
    return { action: meta.id, body };
  } catch {
    return null;
  }
}

/** Most variants go as the portal's JavaScript sends them; every fifth, and those that break the envelope, as a browser without JavaScript posts a form. */
export async function post(request: APIRequestContext, variant: Variant, index: number): Promise<APIResponse> {
  const fetchAction = index % 5 === 0 ? null : asFetchAction(variant.fields);
  if (fetchAction) {
    return request.post(variant.path, { headers: { "Next-Action": fetchAction.action, Accept: "text/x-component" }, multipart: fetchAction.body, maxRedirects: 0, timeout: 30_000 });
  }
  return request.post(variant.path, { multipart: toFormData(variant.fields), maxRedirects: 0, timeout: 30_000 });
}

/** Runs `work` over `items` with `width` requests in flight at once. */
export async function pool<T>(items: T[], width: number, work: (item: T, index: number) => Promise<void>) {
  let index = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (index < items.length) {
        const mine = index++;
        await work(items[mine]!, mine);
      }
    }),
  );
}

/**
 * Names no other test searches for: the portal's search relaxes to "any word" when nothing
 * matches, so an entry named "Fuzz contact" would turn up in another test's search for a contact.
 */
export function fuzzName(what: string) {
  return unique(`Zqxfuzz ${what}`);
}

export async function capture(page: Page, path: string, button: string, prepare?: () => Promise<void>): Promise<Fields> {
  await page.goto(path);
  if (prepare) await prepare();
  return formFields(page, button);
}
