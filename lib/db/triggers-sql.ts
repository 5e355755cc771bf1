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

/** The parts of a type's search row as SQL over `NEW` (the trigger's row, or the bulk statement's alias for the table). */
function searchRowParts(desc: EntityDescriptor) {
  return {
    system: desc.ownsChildren ? "NEW.id" : desc.ofSystem ? column("systemId") : "NULL",
    severity: desc.searchRow?.severity ? column(desc.searchRow.severity) : "NULL",
    kind: desc.searchRow?.kind ? `${column(desc.searchRow.kind)}::text` : "NULL",
    title: desc.heading.sql ?? column(desc.heading.fields[0]!),
    weights: WEIGHTS.map((weight) => weightText(desc, weight)),
    keys: keysOf(desc),
  };
}

/** The body of a type's search trigger function, as PostgreSQL keeps it (pg_proc.prosrc). */
export function searchFunctionBody(desc: EntityDescriptor): string {
  const parts = searchRowParts(desc);
  const lines = [
    "BEGIN",
    `  PERFORM search_upsert('${desc.type}', NEW.id, ${parts.system}, ${parts.severity}, ${parts.kind}, ${parts.title},`,
    ...parts.weights.map((text) => `    ${text},`),
    `    ${parts.keys},`,
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

/**
 * The setting under which a transaction writes search rows in bulk: the row triggers stand
 * aside (their WHEN), and lib/search/bulk.ts writes the rows of everything written, one
 * statement per table, before the transaction commits.
 */
export const SEARCH_IN_BULK = "runbook.search_in_bulk";

/**
 * One statement writing the search rows of a type's entries whose ids are $1, the same
 * rows its trigger writes one by one (search_upsert): the same expressions over `new`,
 * the table's alias here.
 */
export function bulkSearchSql(desc: EntityDescriptor): string {
  const parts = searchRowParts(desc);
  return `INSERT INTO "SearchEntry" AS e ("entityType", "entityId", "systemId", "severity", "kind", "title", "body", "keys",
                                "deleted", "systemDeleted", "head", "document", "updatedAt")
SELECT r.type, r.id, r.system, r.severity, r.kind, r.title, concat_ws(E'\\n', r.a, r.b, r.c, r.d), search_keys(r.keys),
       r.deleted, coalesce(r.type <> 'SYSTEM' AND s."deletedAt" IS NOT NULL, false), search_head(r.a), search_document(r.a, r.b, r.c, r.d), now()
FROM (
  SELECT '${desc.type}'::"EntityType" AS type, NEW.id AS id, ${parts.system} AS system, ${parts.severity}::"Severity" AS severity, ${parts.kind} AS kind, ${parts.title} AS title,
    ${parts.weights.map((text, i) => `search_plain(${text}) AS ${"abcd"[i]}`).join(",\n    ")},
    ${parts.keys} AS keys,
    ${column("deletedAt")} IS NOT NULL AS deleted
  FROM "${desc.table}" AS new WHERE NEW.id = ANY($1::text[])
) r LEFT JOIN "System" s ON s.id = r.system
ON CONFLICT ("entityType", "entityId") DO UPDATE SET
  "systemId" = EXCLUDED."systemId", "severity" = EXCLUDED."severity", "kind" = EXCLUDED."kind",
  "title" = EXCLUDED."title", "body" = EXCLUDED."body", "keys" = EXCLUDED."keys",
  "deleted" = EXCLUDED."deleted", "systemDeleted" = EXCLUDED."systemDeleted",
  "head" = EXCLUDED."head", "document" = EXCLUDED."document", "updatedAt" = now()`;
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
        `CREATE TRIGGER ${trigger} AFTER INSERT OR UPDATE ON "${desc.table}" FOR EACH ROW WHEN (current_setting('${SEARCH_IN_BULK}', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION ${searchFunctionName(desc)}();`,
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
