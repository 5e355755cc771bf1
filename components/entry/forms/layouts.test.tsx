import { describe, expect, test } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { z } from "zod";
import { ENTITIES, type EntryType } from "@/lib/entries";
import { inputSchemaOf, snapshotSchemaOf } from "@/lib/entries/descriptor";
import { DetailList } from "../more-details";
import { EntryForm } from "../entry-form";
import { GENERIC_KINDS, moreFieldsOf } from "../more-fields";
import { ENTRY_FORMS, ENTRY_LAYOUTS } from "./index";

// A field added to a descriptor is in its type's form and on its page with no other edit:
// what a form lays out itself is listed (layouts.ts), and every other field follows.

const TYPES = Object.keys(ENTRY_FORMS) as EntryType[];
const noSave = async () => ({});

/** Values that make every list and picker show its inputs. */
function filled(type: EntryType): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(ENTITIES[type].fields).map(([name, spec]) => [name, spec.kind === "list" ? ["x"] : spec.kind === "items" ? [{}] : spec.kind === "refs" ? ["c1"] : spec.kind === "number" ? 1 : "x"]),
  );
}
const OPTIONS = Object.fromEntries(["procedureIds", "contactIds", "dependsOnSystemId", "ownerId"].map((field) => [field, [{ id: "c1", value: "c1", label: "One" }]]));

function controlNames(html: string): string[] {
  return [...html.matchAll(/ name="([^"]+)"/g)].map((match) => match[1]!);
}

describe.each(TYPES)("%s", (type) => {
  const { desc, laidOut } = ENTRY_LAYOUTS[type];
  test("its layout names fields of its own type, and every field it sets is laid out or shown by its kind", () => {
    expect(desc).toBe(ENTITIES[type]);
    expect(laidOut.filter((name) => !desc.fields[name]?.input)).toEqual([]);
    expect(moreFieldsOf(desc, laidOut).filter((name) => !GENERIC_KINDS.has(desc.fields[name]!.kind))).toEqual([]);
  });
  test("its form has a control for every field it lays out", () => {
    const Form = ENTRY_FORMS[type];
    const html = renderToStaticMarkup(<Form action={noSave} initial={filled(type)} cancelHref="/" options={OPTIONS} />);
    const names = controlNames(html);
    const missing = laidOut.filter((field) => !names.some((name) => name === field || name.startsWith(`${field}.`) || name.startsWith(`${field}[`)));
    expect(missing).toEqual([]);
  });
});

describe("a field added to a descriptor and nothing else", () => {
  const desc = ENTITIES.DEPENDENCY;
  const grown = {
    ...desc,
    fields: {
      ...desc.fields,
      statusPage: { label: "Status page", hint: "Where the provider says it is down.", kind: "text" as const, input: z.string().default("") },
      contract: { label: "Contract", kind: "markdown" as const, input: z.string().default("") },
    },
  };
  const layout = { desc: grown, laidOut: ENTRY_LAYOUTS.DEPENDENCY.laidOut };
  test("is in the form, after the fields laid out by hand, with its label, hint and value", () => {
    const html = renderToStaticMarkup(
      <EntryForm action={noSave} initial={{ statusPage: "https://status.example.com" }} cancelHref="/" layout={layout}>
        {() => <input name="name" />}
      </EntryForm>,
    );
    expect(controlNames(html)).toEqual(expect.arrayContaining(["name", "statusPage", "contract"]));
    expect(html).toContain("Status page");
    expect(html).toContain("Where the provider says it is down.");
    expect(html).toContain('value="https://status.example.com"');
    expect(html.indexOf('name="name"')).toBeLessThan(html.indexOf('name="statusPage"'));
  });
  test("is on its page, under its label", () => {
    const html = renderToStaticMarkup(<DetailList desc={grown} names={moreFieldsOf(grown, layout.laidOut)} values={{ statusPage: "https://status.example.com", contract: "**Gold** support" }} />);
    expect(html).toContain("Status page");
    expect(html).toContain("https://status.example.com");
    expect(html).toContain("<strong>Gold</strong>");
  });
  test("is validated and kept in history with the rest: the type's schemas are made from its fields", () => {
    const parsed = inputSchemaOf(grown.fields).parse({ name: "S3", kind: "CLOUD_SERVICE", statusPage: "https://status.example.com" });
    expect(parsed).toMatchObject({ name: "S3", statusPage: "https://status.example.com", contract: "" });
    expect(Object.keys(snapshotSchemaOf(grown.fields).shape)).toEqual(Object.keys(grown.fields));
  });
});
