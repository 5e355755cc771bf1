import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";
import * as me from "@/app/api/v1/me/route";
import * as openapi from "@/app/api/v1/openapi.json/route";
import * as search from "@/app/api/v1/search/route";
import * as exportAll from "@/app/api/v1/export/route";
import * as importFiles from "@/app/api/v1/import/route";
import * as auditEvents from "@/app/api/v1/audit/events/route";
import * as alerts from "@/app/api/v1/alerts/[name]/route";
import * as alertWebhook from "@/app/api/v1/alerts/webhook/route";
import * as coverage from "@/app/api/v1/coverage/route";
import * as tasks from "@/app/api/v1/tasks/[id]/route";
import * as collection from "@/app/api/v1/[collection]/route";
import * as entry from "@/app/api/v1/[collection]/[ref]/route";
import * as history from "@/app/api/v1/[collection]/[ref]/history/route";
import * as restore from "@/app/api/v1/[collection]/[ref]/restore/route";
import * as review from "@/app/api/v1/[collection]/[ref]/review/route";
import * as exportOne from "@/app/api/v1/[collection]/[ref]/export/route";

// Test support for the API: calls the real route handlers with real Requests (routed the
// way Next.js routes them), and checks every answer against the OpenAPI document, so the
// document cannot drift from the code. Records which operations answered with success.

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;
type Module = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Handler>>;

// Each route types its own params; here they are the names the pattern's groups fill in.
const ROUTES = ([
  [/^me$/, me, []],
  [/^openapi\.json$/, openapi, []],
  [/^search$/, search, []],
  [/^export$/, exportAll, []],
  [/^import$/, importFiles, []],
  [/^audit\/events$/, auditEvents, []],
  [/^alerts\/webhook$/, alertWebhook, []],
  [/^coverage$/, coverage, []],
  [/^alerts\/([^/]+)$/, alerts, ["name"]],
  [/^tasks\/([^/]+)$/, tasks, ["id"]],
  [/^([^/]+)$/, collection, ["collection"]],
  [/^([^/]+)\/([^/]+)$/, entry, ["collection", "ref"]],
  [/^([^/]+)\/([^/]+)\/history$/, history, ["collection", "ref"]],
  [/^([^/]+)\/([^/]+)\/restore$/, restore, ["collection", "ref"]],
  [/^([^/]+)\/([^/]+)\/review$/, review, ["collection", "ref"]],
  [/^([^/]+)\/([^/]+)\/export$/, exportOne, ["collection", "ref"]],
] as [RegExp, unknown, string[]][]).map(([pattern, module, names]) => [pattern, module as Module, names] as const);

export const document = openApiDocument();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(document, "openapi.json");

const templates = Object.keys(document.paths).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}$`),
}));

/** Operations ("GET /api/v1/systems/{ref}") that answered with success in this test file. */
export const succeeded = new Set<string>();

const pointer = (part: string) => part.replace(/~/g, "~0").replace(/\//g, "~1");

export type Answer = { status: number; headers: Headers; body: unknown; text: string };

export type CallOptions = { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> };

/** Calls the API as a client would, and checks the answer against the OpenAPI document. */
export async function call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const url = new URL(path, "http://portal.test");
  const rest = url.pathname.replace(/^\/api\/v1\//, "");
  const route = ROUTES.find(([pattern]) => pattern.test(rest));
  if (!route) throw new Error(`No route for ${path}`);
  const match = route[0].exec(rest)!;
  const params = Object.fromEntries(route[2].map((name, index) => [name, decodeURIComponent(match[index + 1]!)]));
  const headers: Record<string, string> = { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) };
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  Object.assign(headers, options.headers);
  const handler = route[1][method as keyof Module];
  if (!handler) throw new Error(`${method} is not routed for ${path}`);
  const response = await handler(new Request(url, { method, headers, body }), { params: Promise.resolve(params) });
  const text = response.status === 200 && /zip/.test(response.headers.get("content-type") ?? "") ? "" : await response.text();
  const type = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
  const parsed = /json$/.test(type) && text ? JSON.parse(text) : text;
  expect(response.status, `${method} ${path}: ${text.slice(0, 500)}`).toBeLessThan(500);

  const found = templates.find(({ pattern }) => pattern.test(url.pathname));
  if (found) {
    const operation = (document.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>)[found.template]![method.toLowerCase()];
    expect(operation, `${method} ${found.template} is in the document`).toBeDefined();
    const documented = operation!.responses[String(response.status)];
    expect(documented, `${method} ${found.template} documents status ${response.status}`).toBeDefined();
    expect(Object.keys(documented!.content ?? {}), `${method} ${found.template} ${response.status} is documented as ${type}`).toContain(type);
    if (/json$/.test(type)) {
      const id = `openapi.json#/paths/${pointer(found.template)}/${method.toLowerCase()}/responses/${response.status}/content/${pointer(type)}/schema`;
      const validate = ajv.getSchema(id)!;
      expect(validate(parsed), `${method} ${path} ${response.status} matches the document: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
    if (response.status < 300) succeeded.add(`${method} ${found.template}`);
  } else {
    // Addresses the document does not have (an unknown collection) still answer as problems.
    expect(type).toBe("application/problem+json");
    const validate = ajv.getSchema("openapi.json#/components/schemas/Problem")!;
    expect(validate(parsed)).toBe(true);
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** Every operation the document describes. */
export function operations(): string[] {
  const methods = ["get", "post", "put", "patch", "delete"];
  return Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([template, item]) =>
    methods.filter((method) => method in item).map((method) => `${method.toUpperCase()} ${template}`),
  );
}
