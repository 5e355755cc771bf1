import "server-only";
import { z } from "zod";
import { ENTITIES } from "@/lib/entries";
import { COLLECTIONS, listQuerySchema, type Collection } from "./collections";
import { deleteBody, restoreBody, reviewBody } from "./entries";
import { importBody, searchQuerySchema } from "./runbook";
import { auditDownloadQuerySchema } from "@/lib/validation/audit";
import { alertSchema, alertsStoredSchema, changeRequestOpenedSchema, historySchema, importResultSchema, listSchema, meSchema, problemSchema, searchResultSchema, taskSchema } from "./schemas";
import { PROBLEM_HELP, PROBLEM_TYPES } from "./problems";
import { apiRateLimits } from "./rate-limit";
import { alertmanagerPayload, genericPayload, grafanaPayload, MAX_ALERTS } from "@/lib/alerts/payloads";
import { coverageBody, coverageResultSchema } from "./coverage";
import { jsonSchema, ref, pascal, problems, etagHeader, ifMatch, ok, body, queryParameters, refParameter, type JsonSchema } from "./openapi-parts";

// The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas and entry
// descriptors the endpoints validate with (zod 4's JSON Schema output, draft 2020-12, the
// dialect of OpenAPI 3.1). Served at /api/v1/openapi.json and rendered at /api/docs.

function collectionPaths(collection: Collection, schemas: Record<string, JsonSchema>) {
  const name = pascal(collection);
  const label = collection.desc.label.toLowerCase();
  const tags = [collection.desc.plural];
  schemas[name] = jsonSchema(collection.entry, "output");
  schemas[`${name}List`] = jsonSchema(listSchema(z.any()), "output");
  (schemas[`${name}List`]!.properties as Record<string, JsonSchema>).items = { type: "array", items: ref(name) };
  schemas[`${name}Create`] = jsonSchema(collection.create, "input");
  schemas[`${name}Replace`] = jsonSchema(collection.replace, "input");
  schemas[`${name}Patch`] = jsonSchema(collection.patch, "input");
  const one = ok(ref(name), `The ${label}`, etagHeader);
  const waiting = ok(
    {
      type: "object",
      required: ["changeRequest", "entry"],
      additionalProperties: false,
      properties: { changeRequest: ref("ChangeRequestOpened"), entry: ref(name) },
    },
    `The ${label} needs approval: unchanged, and the change request now waiting (Location)`,
    etagHeader,
  );
  const base = `/api/v1/${collection.name}`;
  const paths: Record<string, unknown> = {
    [base]: {
      get: {
        operationId: `list${name.replace(/\s/g, "")}s`,
        summary: `List ${collection.desc.plural.toLowerCase()}`,
        description: "Ordered by id, a page at a time: follow nextCursor until it is null. Entries written meanwhile never make a page skip or repeat another.",
        tags,
        parameters: queryParameters(listQuerySchema(collection)),
        responses: { "200": ok(ref(`${name}List`), `A page of ${collection.desc.plural.toLowerCase()}`), ...problems(400) },
      },
      post: {
        operationId: `create${name}`,
        summary: `Create a ${label}`,
        tags,
        requestBody: body(ref(`${name}Create`)),
        responses: {
          "201": { ...one, description: `The new ${label}; Location is its address` },
          "202": ok(
            { type: "object", required: ["changeRequest"], additionalProperties: false, properties: { changeRequest: ref("ChangeRequestOpened") } },
            `Its system needs approval for changes: nothing is created yet, the change request waits (Location)`,
          ),
          ...problems(400, 403, 413, 415, 422),
        },
      },
    },
    [`${base}/{ref}`]: {
      parameters: [refParameter(collection)],
      get: { operationId: `get${name}`, summary: `Read a ${label}`, tags, responses: { "200": one, ...problems(404) } },
      put: {
        operationId: `replace${name}`,
        summary: `Replace a ${label}`,
        description: "Every writable field; one left out takes its default. Fields an answer carries (id, version, …) may be sent back unchanged.",
        tags,
        parameters: [ifMatch],
        requestBody: body(ref(`${name}Replace`)),
        responses: { "200": one, "202": waiting, ...problems(400, 403, 404, 409, 412, 413, 415, 422, 428) },
      },
      patch: {
        operationId: `patch${name}`,
        summary: `Change some fields of a ${label}`,
        description: "The fields sent replace the entry's (a list as a whole); the result is checked as a whole save.",
        tags,
        parameters: [ifMatch],
        requestBody: body(ref(`${name}Patch`), true, ["application/json", "application/merge-patch+json"]),
        responses: { "200": one, "202": waiting, ...problems(400, 403, 404, 409, 412, 413, 415, 422, 428) },
      },
      delete: {
        operationId: `delete${name}`,
        summary: `Delete a ${label}`,
        description: "A soft delete: the entry is hidden and kept with its history; restore brings it back.",
        tags,
        parameters: [ifMatch],
        requestBody: body(jsonSchema(deleteBody, "input")),
        responses: { "200": { ...one, description: `The deleted ${label}` }, "202": waiting, ...problems(400, 403, 404, 409, 412, 413, 415, 422, 428) },
      },
    },
    [`${base}/{ref}/history`]: {
      parameters: [refParameter(collection)],
      get: { operationId: `history${name}`, summary: `Every version of a ${label}, newest first`, tags, responses: { "200": ok(ref("History"), "Its versions"), ...problems(404) } },
    },
    [`${base}/{ref}/restore`]: {
      parameters: [refParameter(collection)],
      post: {
        operationId: `restore${name}`,
        summary: `Restore a version of a ${label}`,
        description: "Writes a new version equal to an old one; a version from before a deletion brings the entry back.",
        tags,
        parameters: [ifMatch],
        requestBody: body(ref("RestoreRequest")),
        responses: { "200": one, "202": waiting, ...problems(400, 403, 404, 409, 412, 413, 415, 422, 428) },
      },
    },
  };
  return paths;
}

let built: ReturnType<typeof buildDocument> | null = null;

/**
 * The whole document, built once; `server` is the portal's address, for "Try it" tools,
 * set on each answer (it comes from the request: one document per address would let any
 * client grow the server's memory).
 */
export function openApiDocument(server?: string): ReturnType<typeof buildDocument> & { servers?: { url: string }[] } {
  built ??= buildDocument();
  if (!server) return built;
  const { openapi, info, ...rest } = built;
  return { openapi, info, servers: [{ url: server }], ...rest };
}

function buildDocument() {
  const schemas: Record<string, JsonSchema> = {
    Problem: jsonSchema(problemSchema, "output"),
    Me: jsonSchema(meSchema, "output"),
    History: jsonSchema(historySchema, "output"),
    RestoreRequest: jsonSchema(restoreBody, "input"),
    ReviewRequest: jsonSchema(reviewBody, "input"),
    AlertRunbook: jsonSchema(alertSchema, "output"),
    SearchResult: jsonSchema(searchResultSchema, "output"),
    ImportRequest: jsonSchema(importBody, "input"),
    ImportResult: jsonSchema(importResultSchema, "output"),
    Task: jsonSchema(taskSchema, "output"),
    ChangeRequestOpened: jsonSchema(changeRequestOpenedSchema, "output"),
    AlertPost: jsonSchema(z.union([alertmanagerPayload, grafanaPayload, genericPayload]), "input"),
    AlertsStored: jsonSchema(alertsStoredSchema, "output"),
    CoverageRequest: jsonSchema(coverageBody, "input"),
    CoverageResult: jsonSchema(coverageResultSchema, "output"),
  };
  const paths: Record<string, unknown> = {
    "/api/v1/openapi.json": {
      get: {
        operationId: "openApi",
        summary: "This document",
        tags: ["Account"],
        security: [],
        responses: { "200": ok({ type: "object", description: "OpenAPI 3.1" }, "The OpenAPI document of /api/v1") },
      },
    },
    "/api/v1/me": {
      get: { operationId: "me", summary: "Who the token acts as", tags: ["Account"], responses: { "200": ok(ref("Me"), "The caller"), ...problems() } },
    },
    "/api/v1/alerts/webhook": {
      post: {
        operationId: "receiveAlerts",
        summary: "Post what is firing (Alertmanager, Grafana, or the generic format)",
        description: `Prometheus Alertmanager's webhook_config payload (version "4"), Grafana alerting's webhook contact point, or {"alerts": [{"name", "status", "labels", "annotations", "startsAt", "endsAt", "fingerprint", "url", "group"}]}. At most ${MAX_ALERTS} alerts a post. Idempotent: the same alert (fingerprint and start) posted again updates it. **Only a token of the ingest scope**, which can do nothing else. See the README, "Live alerts".`,
        tags: ["Alerts"],
        requestBody: body(ref("AlertPost")),
        responses: { "200": ok(ref("AlertsStored"), "What was stored, and the incidents the alerts opened or joined"), ...problems(400, 403, 413, 415, 422) },
      },
    },
    "/api/v1/alerts/{name}": {
      parameters: [{ name: "name", in: "path", required: true, description: "The alert's name, as the monitoring system sends it (any case)", schema: { type: "string" } }],
      get: {
        operationId: "alertRunbook",
        summary: "The runbook for an alert",
        description:
          "Every failure mode listing the alert, with its system, owners, immediate actions, procedures with steps, and the escalation ladder. With `Accept: text/markdown` (or `?format=md`), the same runbook as Markdown: severity, impact and immediate actions first, every command in a fenced block exactly as stored, then who to call.",
        tags: ["Runbooks"],
        parameters: [{ name: "format", in: "query", required: false, description: "md: answer as Markdown (as `Accept: text/markdown` does)", schema: { type: "string", enum: ["md"] } }],
        responses: {
          "200": { description: "What to do", content: { "application/json": { schema: ref("AlertRunbook") }, "text/markdown": { schema: { type: "string" } } } },
          ...problems(),
          "404": { description: PROBLEM_HELP[404], content: { "application/problem+json": { schema: ref("Problem") }, "text/markdown": { schema: { type: "string" } } } },
        },
      },
    },
    "/api/v1/search": {
      get: {
        operationId: "search",
        summary: "Search every entry",
        description: "The same engine and ranking as the portal's search page.",
        tags: ["Runbooks"],
        parameters: queryParameters(searchQuerySchema),
        responses: { "200": ok(ref("SearchResult"), "Hits, best first"), ...problems(400) },
      },
    },
    "/api/v1/export": {
      get: {
        operationId: "exportAll",
        summary: "Export the portal as runbook-portal/v1 files (zip)",
        tags: ["Runbooks as code"],
        parameters: [{ name: "deleted", in: "query", required: false, description: "true: deleted entries too", schema: { type: "string", enum: ["true", "false"] } }],
        responses: { "200": { description: "systems/<slug>.yaml and contacts.yaml", content: { "application/zip": { schema: { type: "string", contentMediaType: "application/zip" } } } }, ...problems(400) },
      },
    },
    "/api/v1/audit/events": {
      get: {
        operationId: "auditEvents",
        summary: "The audit log, filtered (admins; a read-scope token is enough)",
        description: "Every event matching the filters, newest first, streamed, as /audit filters them. Days are UTC, both ends included; `action` is one action or a kind such as `change.`.",
        tags: ["Account"],
        parameters: queryParameters(auditDownloadQuerySchema),
        responses: {
          "200": {
            description: "One event per line (JSON lines) or per row (CSV, with a header row)",
            content: { "application/jsonl": { schema: { type: "string" } }, "text/csv": { schema: { type: "string" } } },
          },
          ...problems(400, 403),
        },
      },
    },
    "/api/v1/coverage": {
      post: {
        operationId: "checkCoverage",
        summary: "Which alerts of Prometheus rules files have a runbook here",
        description: "The check of /coverage and `npm run coverage`: one entry per alert name (its rules inside, with severity, for and runbook_url), covered when a failure mode lists it; failure modes whose alerts no rule raises are stale. Reads only.",
        tags: ["Runbooks as code"],
        requestBody: body(ref("CoverageRequest")),
        responses: { "200": ok(ref("CoverageResult"), "Coverage by alert name"), ...problems(400, 413, 415, 422) },
      },
    },
    "/api/v1/import": {
      post: {
        operationId: "importFiles",
        summary: "Import runbook files",
        description:
          "runbook-portal/v1 YAML, Markdown alert runbooks, Prometheus rules or Backstage catalogs, as /import takes them. A dry run unless apply is true; all or nothing. With apply, files of more than RUNBOOK_IMPORT_JOB_ENTRIES entries (default 300) are imported by a job: answered 202 with the task to follow (Location).",
        tags: ["Runbooks as code"],
        requestBody: body(ref("ImportRequest")),
        responses: {
          "200": ok(ref("ImportResult"), "What changes (or changed)"),
          "202": ok(ref("ImportResult"), "A large import, queued: what it will change, and its task", { Location: { description: "GET it for the progress and result", schema: { type: "string" } } }),
          ...problems(400, 403, 409, 413, 415, 422),
        },
      },
    },
    "/api/v1/tasks/{id}": {
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
      get: {
        operationId: "getTask",
        summary: "A long import's progress and result",
        description: "The task of an import answered 202 (or an export started on /export): its state, step and counts; an import's counts once done, or why it failed (nothing written). For the person who started it, or an admin.",
        tags: ["Runbooks as code"],
        responses: { "200": ok(ref("Task"), "The task as it is now"), ...problems(404) },
      },
    },
  };
  for (const collection of COLLECTIONS) Object.assign(paths, collectionPaths(collection, schemas));
  const system = COLLECTIONS.find((collection) => ENTITIES[collection.type].reviewed)!;
  paths["/api/v1/systems/{ref}/review"] = {
    parameters: [refParameter(system)],
    post: {
      operationId: "reviewSystem",
      summary: "Mark a system's runbook reviewed",
      tags: ["Systems"],
      parameters: [ifMatch],
      requestBody: body(ref("ReviewRequest"), false),
      responses: { "200": ok(ref("System"), "The system, reviewed now", etagHeader), ...problems(400, 403, 404, 409, 412, 413, 415, 422, 428) },
    },
  };
  paths["/api/v1/systems/{ref}/export"] = {
    parameters: [refParameter(system)],
    get: {
      operationId: "exportSystem",
      summary: "Export one system as a runbook-portal/v1 file",
      tags: ["Runbooks as code"],
      parameters: [{ name: "deleted", in: "query", required: false, schema: { type: "string", enum: ["true", "false"] } }],
      responses: { "200": { description: "The system's YAML file", content: { "application/yaml": { schema: { type: "string" } } } }, ...problems(400, 404) },
    },
  };
  const limits = apiRateLimits();
  return {
    openapi: "3.1.1",
    info: {
      title: "Runbook Portal API",
      version: "1",
      description: [
        "Every runbook entry, as JSON: the same roles, validation, history and conflict rules as the portal's pages.",
        "",
        "**Sign in** with a personal access token (create one at /settings/tokens): `Authorization: Bearer rbp_…`. A token acts as its user; a read-scope token as a viewer.",
        "",
        "**Changes** need the version you read: every entry carries it as `ETag`; send it back as `If-Match`. A write without it is answered 428, one based on an old version 412 (nothing is saved). `changeNote` and `incidentRef` in the body go into the entry's history.",
        "",
        "**Approvals**: a change to an entry that needs approval (its system's policy, or a procedure's `approvalRequired`) is answered 202: `changeRequest` (its id and page, also in Location) and `entry`, the entry as it still is. It applies once someone else approves it at /approvals.",
        "",
        "**Errors** are RFC 9457 problem details (`application/problem+json`), field errors keyed by JSON path. Unknown fields are refused.",
        "",
        `**Limits**: ${limits.perToken} requests a minute per token and ${limits.perAddress} per client address (429 with Retry-After); bodies up to 2 MiB (imports larger).`,
      ].join("\n"),
    },
    security: [{ token: [] }, { session: [] }],
    tags: [
      { name: "Runbooks", description: "Alerts and search" },
      { name: "Alerts", description: "What is firing now, posted by monitoring" },
      ...COLLECTIONS.map((collection) => ({ name: collection.desc.plural })),
      { name: "Runbooks as code", description: "runbook-portal/v1 files out and in" },
      { name: "Account" },
    ],
    paths,
    components: {
      schemas,
      securitySchemes: {
        token: { type: "http", scheme: "bearer", description: "A personal access token, rbp_…" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "The portal's own pages; writes only from the portal's own origin" },
      },
    },
    "x-problem-types": PROBLEM_TYPES,
  };
}
