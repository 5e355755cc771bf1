import { ENTITIES, type EntityDescriptor } from "@/lib/entries";
import { WATCHED_TABLES } from "@/lib/data/cache-tags";

// The database's search and cache triggers, written from the descriptors and the page
// cache's table list: what a searched field is, and which writes make a cached page
// stale, is said once, in TypeScript. `npm run db:triggers-sql` prints this SQL for a new
// migration after a field or a watched table changes; lib/entries/descriptors.test.ts and
// lib/data/cache-tags.test.ts hold the database to it.

const WEIGHTS = ["A", "B", "C", "D"] as const;

const column = (name: string) => `NEW."${name}"`;

/** One searched field as text: a column, a list joined, or the searched parts of each item. */
function fieldText(desc: EntityDescriptor, name: string, separator: string): string {
  const spec = desc.fields[name]!;
  if (spec.kind === "list") return `array_to_string(${column(name)}, ${separator})`;
  if (spec.kind === "items") {
    const parts = (spec.searchParts ?? []).map((part) => `x->>'${part}'`);
    const item = parts.length === 1 ? parts[0]! : `concat_ws(' ', ${parts.join(", ")})`;
    return `(SELECT string_agg(${item}, E'\\n') FROM jsonb_array_elements(${column(name)}) x)`;
  }
  return column(name);
}

function joined(parts: string[], separator: string): string {
  if (parts.length === 0) return "NULL";
  return parts.length === 1 ? parts[0]! : `concat_ws(${separator}, ${parts.join(", ")})`;
}

/** The text of one weight: the head (A) reads as words on one line, the body as lines. */
function weightText(desc: EntityDescriptor, weight: (typeof WEIGHTS)[number]): string {
  const separator = weight === "A" ? "' '" : "E'\\n'";
  const entries = Object.entries(desc.fields);
  const camel = entries.filter(([, spec]) => spec.camelWordsAt === weight).map(([name]) => `search_split_camel(array_to_string(${column(name)}, ' '))`);
  const own = entries.filter(([, spec]) => spec.search === weight).map(([name]) => fieldText(desc, name, separator));
  return joined([...camel, ...own], separator);
}

function keysOf(desc: EntityDescriptor): string {
  const scalars: string[] = [];
  const lists: string[] = [];
  for (const key of desc.searchRow?.keys ?? []) {
    const { field, part, digits } = typeof key === "string" ? { field: key, part: undefined, digits: undefined } : key;
    if (digits) scalars.push(`regexp_replace(${column(field)}, '[^0-9+]', '', 'g')`);
    else if (part) lists.push(`ARRAY(SELECT lower(x->>'${part}') FROM jsonb_array_elements(${column(field)}) x)`);
    else if (desc.fields[field]!.kind === "list") lists.push(`ARRAY(SELECT lower(n) FROM unnest(${column(field)}) n)`);
    else scalars.push(`lower(${column(field)})`);
  }
  return [`ARRAY[${scalars.join(", ")}]`, ...lists].join("\n      || ");
}

/** The name of a type's search function: search_index_failure_mode. */
export function searchFunctionName(desc: EntityDescriptor): string {
  return `search_index_${desc.type.toLowerCase()}`;
}

/** The body of a type's search trigger function, as PostgreSQL keeps it (pg_proc.prosrc). */
export function searchFunctionBody(desc: EntityDescriptor): string {
  const system = desc.ownsChildren ? "NEW.id" : desc.ofSystem ? column("systemId") : "NULL";
  const severity = desc.searchRow?.severity ? column(desc.searchRow.severity) : "NULL";
  const kind = desc.searchRow?.kind ? `${column(desc.searchRow.kind)}::text` : "NULL";
  const title = desc.heading.sql ?? column(desc.heading.fields[0]!);
  const lines = [
    "BEGIN",
    `  PERFORM search_upsert('${desc.type}', NEW.id, ${system}, ${severity}, ${kind}, ${title},`,
    ...WEIGHTS.map((weight) => `    ${weightText(desc, weight)},`),
    `    ${keysOf(desc)},`,
    `    ${column("deletedAt")} IS NOT NULL);`,
  ];
  if (desc.ownsChildren) {
    lines.push(
      "  -- The children of a deleted system leave search with it, and come back with it.",
      `  IF TG_OP = 'UPDATE' AND (OLD."deletedAt" IS NULL) <> (NEW."deletedAt" IS NULL) THEN`,
      `    UPDATE "SearchEntry" SET "systemDeleted" = NEW."deletedAt" IS NOT NULL`,
      `     WHERE "systemId" = NEW.id AND "entityType" <> '${desc.type}';`,
      "  END IF;",
    );
  }
  lines.push("  RETURN NULL;", "END;");
  return `\n${lines.join("\n")}\n`;
}

/** The types search indexes: every type with searched fields. */
export function searchedTypes(): EntityDescriptor[] {
  return Object.values(ENTITIES).filter((desc) => Object.values(desc.fields).some((spec) => spec.search));
}

function searchSql(): string {
  return searchedTypes()
    .map((desc) => {
      const trigger = `"${desc.table}_search"`;
      return [
        `CREATE OR REPLACE FUNCTION ${searchFunctionName(desc)}() RETURNS trigger LANGUAGE plpgsql AS $$${searchFunctionBody(desc)}$$;`,
        `DROP TRIGGER IF EXISTS ${trigger} ON "${desc.table}";`,
        `CREATE TRIGGER ${trigger} AFTER INSERT OR UPDATE ON "${desc.table}" FOR EACH ROW EXECUTE FUNCTION ${searchFunctionName(desc)}();`,
      ].join("\n");
    })
    .join("\n\n");
}

type Write = "insert" | "update" | "delete" | "truncate";

/** The cache triggers of one watched table: which writes record which tags. */
export function cacheTriggers(table: string): { name: string; write: Write; sql: string }[] {
  const watched = WATCHED_TABLES[table]!;
  const args = [`'${watched.tag}:'`, ...watched.columns.map((c) => `'${c}'`)].join(", ");
  const writes = (["insert", "update", "delete", "truncate"] as const).filter((write) => !watched.quiet?.includes(write as "insert" | "delete"));
  return writes.map((write) => {
    const name = `${table}_cache_${write}`;
    const referencing = { insert: "REFERENCING NEW TABLE AS new_rows ", update: "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows ", delete: "REFERENCING OLD TABLE AS old_rows ", truncate: "" }[write];
    const call = write === "truncate" ? `"cache_invalidate_all"()` : `"cache_invalidate"(${args})`;
    return { name, write, sql: `CREATE TRIGGER "${name}" AFTER ${write.toUpperCase()} ON "${table}" ${referencing}FOR EACH STATEMENT EXECUTE FUNCTION ${call};` };
  });
}

function cacheSql(): string {
  return Object.keys(WATCHED_TABLES)
    .map((table) => {
      const all = (["insert", "update", "delete", "truncate"] as const).map((write) => `DROP TRIGGER IF EXISTS "${table}_cache_${write}" ON "${table}";`);
      return [...all, ...cacheTriggers(table).map((trigger) => trigger.sql)].join("\n");
    })
    .join("\n\n");
}

/** The whole SQL: search functions and triggers, then cache triggers, each replaced as the code now says. */
export function triggersSql(): string {
  return [
    "-- Generated by `npm run db:triggers-sql` (lib/db/triggers-sql.ts) from the entry descriptors",
    "-- (lib/entries) and the page cache's watched tables (lib/data/cache-tags.ts). Do not edit by hand.",
    "",
    "-- Search: what each type's search row holds, field by field, at the weight its descriptor gives.",
    searchSql(),
    "",
    "-- Page cache: the writes that make a cached page stale, and the tags they record.",
    cacheSql(),
    "",
  ].join("\n");
}
