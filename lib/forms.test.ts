import { expect, test } from "vitest";
import { FORM_LIMITS, FormShapeError, formToObject, parseForm } from "./forms";

function form(entries: [string, string][]) {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

test("formToObject builds nested lists from dotted names and skips Next.js fields", () => {
  const data = form([
    ["$ACTION_ID_abc", ""],
    ["name", "Invoice pipeline"],
    ["links.0.label", "Dashboard"],
    ["links.0.url", "https://grafana.example.com"],
    ["links.2.label", "Logs"],
    ["links.2.url", "https://logs.example.com"],
    ["alertNames[]", "A"],
    ["alertNames[]", "B"],
  ]);
  expect(formToObject(data)).toEqual({
    name: "Invoice pipeline",
    links: [
      { label: "Dashboard", url: "https://grafana.example.com" },
      { label: "Logs", url: "https://logs.example.com" },
    ],
    alertNames: ["A", "B"],
  });
});

test("lists come out dense and in index order, whatever order the fields arrive in", () => {
  const values = formToObject(form([["steps.10.instruction", "third"], ["steps.2.instruction", "second"], ["steps.0.instruction", "first"]]));
  expect(values.steps).toEqual([{ instruction: "first" }, { instruction: "second" }, { instruction: "third" }]);
});

test.each([
  "__proto__.polluted",
  "_1___proto__.escalation",
  "a.__proto__.polluted",
  "constructor.prototype.polluted",
  "steps.0.__proto__",
  "prototype",
  "links.0.constructor",
])("a field named %j is refused and pollutes nothing", (name) => {
  expect(() => parseForm(form([[name, "yes"]]))).toThrow(FormShapeError);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty("escalation");
});

test("a huge list index is refused at once, without building a sparse array", () => {
  const started = performance.now();
  expect(() => parseForm(form([["alertNames.1000000000", "x"]]))).toThrow(FormShapeError);
  expect(() => parseForm(form([["alertNames.100000000", "x"]]))).toThrow(FormShapeError);
  expect(() => parseForm(form([[`steps.${FORM_LIMITS.index + 1}.command`, "x"]]))).toThrow(/past 1000 entries/);
  expect(() => parseForm(form([["steps.01.command", "x"]]))).toThrow(FormShapeError);
  expect(performance.now() - started).toBeLessThan(1_000);
  expect(parseForm(form([[`steps.${FORM_LIMITS.index}.command`, "x"]])).values.steps).toEqual([{ command: "x" }]);
});

test("too many fields, too long names and too deep nesting are refused", () => {
  const many = Array.from({ length: FORM_LIMITS.fields + 1 }, (_, i) => [`alertNames.${i % 900}`, "x"] as [string, string]);
  expect(() => parseForm(form(many))).toThrow(/more than 2000 fields/);
  expect(() => parseForm(form([["a".repeat(FORM_LIMITS.nameLength + 1), "x"]]))).toThrow(/too long/);
  expect(() => parseForm(form([["a.b.c.d.e", "x"]]))).toThrow(/nested too deeply/);
  expect(() => parseForm(form([["0", "x"]]))).toThrow(/start with a number/);
  expect(() => parseForm(form([["na me", "x"]]))).toThrow(/not one this portal uses/);
});

test("a field that is both a value and a list is refused; a repeated single field keeps its last value", () => {
  expect(() => parseForm(form([["steps", "x"], ["steps.0.command", "y"]]))).toThrow(/clashes/);
  expect(() => parseForm(form([["steps.0.command", "y"], ["steps.x", "z"]]))).toThrow(/clashes/);
  expect(formToObject(form([["name", "first"], ["name", "second"]]))).toEqual({ name: "second" });
});

test("a NUL character is reported under its field, and the rest of the form is kept", () => {
  const parsed = parseForm(form([["name", "Bad\u0000name"], ["steps.0.command", "ls\u0000"], ["purpose", "fine"]]));
  expect(parsed.fieldErrors).toEqual({
    name: ["Remove the NUL character (\\0): it cannot be stored."],
    "steps.0.command": ["Remove the NUL character (\\0): it cannot be stored."],
  });
  expect(parsed.values.purpose).toBe("fine");
});

test("parsed objects are plain objects that serialize like any other", () => {
  const values = formToObject(form([["links.0.label", "a"]]));
  expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
  expect(Object.getPrototypeOf((values.links as object[])[0])).toBe(Object.prototype);
  expect(JSON.parse(JSON.stringify(values))).toEqual({ links: [{ label: "a" }] });
});
