import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { openApiDocument } from "@/lib/api/openapi";
import { PROBLEM_HELP, PROBLEM_TYPES } from "@/lib/api/problems";
import { portalAddress } from "@/lib/http/portal-address";
import { PageHeader } from "@/components/page-header";
import { Markdown } from "@/components/markdown";
import { CopyButton } from "@/components/copy-button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

// /api/docs: the API reference, rendered by the portal itself from its OpenAPI document
// (no scripts from elsewhere): every operation with its parameters, bodies and answers,
// every schema with its fields and rules, and the problem types errors link to.

export const metadata: Metadata = { title: "API reference" };

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  required?: string[];
  description?: string;
  default?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  minItems?: number;
  pattern?: string;
  format?: string;
};

type Parameter = { name: string; in: string; required?: boolean; description?: string; schema: Schema };
type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
};

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const METHOD_TONE: Record<string, string> = {
  get: "bg-blue-100 text-blue-900",
  post: "bg-green-100 text-green-900",
  put: "bg-amber-100 text-amber-900",
  patch: "bg-amber-100 text-amber-900",
  delete: "bg-red-100 text-red-900",
};

const refName = (ref: string) => ref.split("/").pop()!;
const anchor = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-");

function typeOf(schema: Schema): React.ReactNode {
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return <a href={`#schema-${name}`} className="font-semibold text-blue-800 underline">{name}</a>;
  }
  if (schema.anyOf) {
    return schema.anyOf.map((option, index) => (
      <span key={index}>
        {index ? " or " : ""}
        {typeOf(option)}
      </span>
    ));
  }
  if (schema.enum) return `one of ${schema.enum.map((value) => JSON.stringify(value)).join(", ")}`;
  if (schema.type === "array") return <>list of {schema.items ? typeOf(schema.items) : "anything"}</>;
  if (Array.isArray(schema.type)) return schema.type.join(" or ");
  if (schema.type === "object" && !schema.properties && schema.additionalProperties && typeof schema.additionalProperties === "object") {
    return <>map of {typeOf(schema.additionalProperties)}</>;
  }
  return schema.format ? `${schema.type ?? "any"} (${schema.format})` : (schema.type ?? "any");
}

function rules(schema: Schema): string[] {
  const list: string[] = [];
  if (schema.minLength !== undefined && schema.minLength > 0) list.push(`at least ${schema.minLength} characters`);
  if (schema.maxLength !== undefined) list.push(`at most ${schema.maxLength.toLocaleString("en")} characters`);
  if (schema.minimum !== undefined) list.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER) list.push(`≤ ${schema.maximum.toLocaleString("en")}`);
  if (schema.minItems) list.push(`at least ${schema.minItems}`);
  if (schema.maxItems !== undefined) list.push(`at most ${schema.maxItems} items`);
  if (schema.pattern && !schema.format) list.push(`matches ${schema.pattern}`);
  if (schema.default !== undefined) list.push(`default ${JSON.stringify(schema.default)}`);
  return list;
}

function Fields({ schema, name }: { schema: Schema; name: string }) {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) return <p className="text-sm text-slate-700">Type: {typeOf(schema)}</p>;
  return (
    // Focusable so that keyboard users can scroll a wide table on a narrow screen.
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={`Fields of ${name}`}>
      <Table>
        <TableHeader variant="compact">
          <TableRow>
            <TableHead variant="compact" className="pr-3">Field</TableHead>
            <TableHead variant="compact" className="pr-3">Type</TableHead>
            <TableHead variant="compact">Notes</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody className="align-top">
          {properties.map(([fieldName, field]) => {
            const nested = field.type === "array" && field.items?.properties ? field.items : field.type === "object" && field.properties ? field : null;
            return (
              <TableRow key={fieldName}>
                <TableHead variant="compact" scope="row" className="pr-3 font-mono text-xs font-semibold">
                  {fieldName}
                  {schema.required?.includes(fieldName) ? <span className="ml-1 font-sans font-normal text-red-800">required</span> : null}
                </TableHead>
                <TableCell variant="compact" className="pr-3">{typeOf(field)}</TableCell>
                <TableCell variant="compact">
                  {field.description ? <p>{field.description}</p> : null}
                  {rules(field).length ? <p className="text-slate-700">{rules(field).join(" · ")}</p> : null}
                  {nested ? (
                    <div className="mt-1 border-l-2 border-slate-300 pl-3">
                      <Fields schema={nested} name={`${name}.${fieldName}`} />
                    </div>
                  ) : null}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {schema.additionalProperties === false ? <p className="mt-1 text-xs text-slate-700">Other fields are refused.</p> : null}
    </div>
  );
}

function OperationCard({ path, method, operation, shared }: { path: string; method: string; operation: Operation; shared: Parameter[] }) {
  const parameters = [...shared, ...(operation.parameters ?? [])];
  return (
    <article id={operation.operationId} aria-labelledby={`${operation.operationId}-title`} className="scroll-mt-4 space-y-3 rounded-lg border border-slate-300 bg-white p-4">
      <h3 id={`${operation.operationId}-title`} className="flex flex-wrap items-baseline gap-2">
        <span className={`rounded px-2 py-0.5 font-mono text-xs font-bold ${METHOD_TONE[method]}`}>{method.toUpperCase()}</span>
        <code className="break-all font-mono text-sm font-semibold">{path}</code>
        <span className="text-base font-semibold text-slate-800">— {operation.summary}</span>
      </h3>
      {operation.description ? <p className="text-sm text-slate-800">{operation.description}</p> : null}
      {parameters.length ? (
        <div>
          <h4 className="text-sm font-bold">Parameters</h4>
          <ul className="mt-1 space-y-1 text-sm">
            {parameters.map((parameter) => (
              <li key={`${parameter.in}-${parameter.name}`}>
                <code className="font-mono text-xs font-semibold">{parameter.name}</code> <span className="text-slate-700">({parameter.in}{parameter.required ? ", required" : ""})</span>: {typeOf(parameter.schema)}
                {parameter.description ? ` — ${parameter.description}` : ""}
                {rules(parameter.schema).length ? <span className="text-slate-700"> · {rules(parameter.schema).join(" · ")}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {operation.requestBody ? (
        <div>
          <h4 className="text-sm font-bold">Body {operation.requestBody.required ? "" : "(optional) "}<span className="font-normal text-slate-700">{Object.keys(operation.requestBody.content).join(" or ")}</span></h4>
          <p className="text-sm">{typeOf(Object.values(operation.requestBody.content)[0]!.schema)}</p>
        </div>
      ) : null}
      <div>
        <h4 className="text-sm font-bold">Answers</h4>
        <ul className="mt-1 space-y-0.5 text-sm">
          {Object.entries(operation.responses).map(([status, response]) => {
            const content = Object.entries(response.content ?? {})[0];
            return (
              <li key={status}>
                <span className="font-mono font-semibold">{status}</span> {response.description}
                {content ? <span className="text-slate-700"> · {content[0]}{content[1].schema.$ref ? <>: {typeOf(content[1].schema)}</> : null}</span> : null}
              </li>
            );
          })}
        </ul>
      </div>
    </article>
  );
}

export default async function ApiDocsPage() {
  await requireUser();
  const portal = await portalAddress();
  const document = openApiDocument(portal);
  const paths = document.paths as Record<string, Partial<Record<(typeof METHODS)[number], Operation>> & { parameters?: Parameter[] }>;
  const byTag = new Map<string, { path: string; method: string; operation: Operation; shared: Parameter[] }[]>();
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const tag = operation.tags[0]!;
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push({ path, method, operation, shared: item.parameters ?? [] });
    }
  }
  const tags = document.tags.map((tag) => tag.name).filter((name) => byTag.has(name));
  const schemas = document.components.schemas as Record<string, Schema>;
  const examples = [
    ["The runbook for an alert", `curl -H "Authorization: Bearer $TOKEN" ${portal}/api/v1/alerts/InvoiceParserTimeout`],
    [
      "Create a failure mode",
      `curl -X POST -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\\n  -d '{"system": "invoice-pipeline", "title": "Parser backlog", "severity": "SEV3", "alertNames": ["InvoiceParserBacklog"], "changeNote": "New alert"}' \\\n  ${portal}/api/v1/failure-modes`,
    ],
    [
      "Mark a system reviewed (If-Match: the ETag from a GET)",
      `curl -X POST -H "Authorization: Bearer $TOKEN" -H 'If-Match: "7"' ${portal}/api/v1/systems/invoice-pipeline/review`,
    ],
  ] as const;
  return (
    <div className="space-y-8">
      <PageHeader
        title="API reference"
        description={
          <>
            Version 1 of the portal’s JSON API, at <code>/api/v1</code>. The machine-readable document: <a href="/api/v1/openapi.json" className="text-blue-800 underline">openapi.json</a> (OpenAPI {document.openapi}). Create a token at{" "}
            <Link href="/settings/tokens" className="text-blue-800 underline">API tokens</Link>.
          </>
        }
      />
      <section aria-labelledby="overview" className="space-y-3">
        <h2 id="overview" className="text-xl font-bold">How it works</h2>
        <div className="rounded-lg border border-slate-300 bg-white p-4">
          <Markdown>{document.info.description}</Markdown>
        </div>
        <h3 className="text-lg font-bold">Examples</h3>
        <ul className="space-y-3">
          {examples.map(([title, command]) => (
            <li key={title} className="space-y-1">
              <p className="font-semibold">{title}</p>
              <div className="flex items-start gap-2">
                <pre tabIndex={0} aria-label={title} className="min-w-0 flex-1 overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-50"><code>{command}</code></pre>
                <CopyButton text={command} label="Copy" />
              </div>
            </li>
          ))}
        </ul>
      </section>
      <nav aria-labelledby="contents" className="rounded-lg border border-slate-300 bg-white p-4">
        <h2 id="contents" className="text-lg font-bold">Contents</h2>
        <ul className="mt-2 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
          {tags.map((tag) => (
            <li key={tag}>
              <a href={`#${anchor(tag)}`} className="text-blue-800 underline">{tag}</a> <span className="text-slate-700">({byTag.get(tag)!.length})</span>
            </li>
          ))}
          <li><a href="#schemas" className="text-blue-800 underline">Schemas</a></li>
          <li><a href="#problems" className="text-blue-800 underline">Problem types</a></li>
        </ul>
      </nav>
      {tags.map((tag) => (
        <section key={tag} aria-labelledby={anchor(tag)} className="space-y-3">
          <h2 id={anchor(tag)} className="scroll-mt-4 text-xl font-bold">{tag}</h2>
          {byTag.get(tag)!.map(({ path, method, operation, shared }) => (
            <OperationCard key={`${method} ${path}`} path={path} method={method} operation={operation} shared={shared} />
          ))}
        </section>
      ))}
      <section aria-labelledby="schemas" className="space-y-3">
        <h2 id="schemas" className="scroll-mt-4 text-xl font-bold">Schemas</h2>
        {Object.entries(schemas).map(([name, schema]) => (
          <article key={name} id={`schema-${name}`} aria-labelledby={`schema-${name}-title`} className="scroll-mt-4 space-y-2 rounded-lg border border-slate-300 bg-white p-4">
            <h3 id={`schema-${name}-title`} className="font-mono text-base font-bold">{name}</h3>
            {schema.description ? <p className="text-sm">{schema.description}</p> : null}
            <Fields schema={schema} name={name} />
          </article>
        ))}
      </section>
      <section aria-labelledby="problems" className="space-y-3">
        <h2 id="problems" className="scroll-mt-4 text-xl font-bold">Problem types</h2>
        <p className="text-sm">Every error is <code>application/problem+json</code> (RFC 9457) with <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code>, and field errors in <code>errors</code> keyed by JSON path.</p>
        <dl className="grid gap-x-4 gap-y-1 rounded-lg border border-slate-300 bg-white p-4 text-sm sm:grid-cols-[auto_1fr]">
          {Object.entries(PROBLEM_TYPES).map(([status, type]) => (
            <div key={status} id={`problem-${type}`} className="contents">
              <dt className="font-mono font-semibold">{status} {type}</dt>
              <dd>{PROBLEM_HELP[Number(status)] ?? ""}.</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
